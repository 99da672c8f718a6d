# Cross-compiles Tessella's native libraries for linux-aarch64 with Debian's gcc-aarch64-linux-gnu
# (apt-get install gcc-aarch64-linux-gnu). CMakeLists.txt uses it when that compiler is installed;
# by hand: cmake -S . -B build-aarch64 -DCMAKE_TOOLCHAIN_FILE=native/cmake/linux-aarch64.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
# Debian's cross libc (libc6-dev-arm64-cross); qemu-aarch64 runs the C tests against it too.
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu)
set(TESSELLA_SYSROOT /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
