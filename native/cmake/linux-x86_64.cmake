# Cross-compiles Tessella's native libraries for linux-x86_64 with Debian's gcc-x86-64-linux-gnu, on an
# aarch64 machine (apt-get install gcc-x86-64-linux-gnu). CMakeLists.txt uses it when that compiler is
# installed; by hand: cmake -S . -B build-x86_64 -DCMAKE_TOOLCHAIN_FILE=native/cmake/linux-x86_64.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER x86_64-linux-gnu-gcc)
set(CMAKE_FIND_ROOT_PATH /usr/x86_64-linux-gnu)
set(TESSELLA_SYSROOT /usr/x86_64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
