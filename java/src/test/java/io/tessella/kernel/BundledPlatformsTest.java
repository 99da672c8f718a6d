package io.tessella.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the library jar carries under {@code native/}: one folder per platform the build made, each
 * holding the three bundled libraries and nothing else (the bench-only ones ride in the benchmark
 * jar), each library an ELF shared object for that folder's architecture. Read from the library's
 * classes directory, which Maven packs as it is.
 */
class BundledPlatformsTest {
    /** ELF {@code e_machine} per architecture, as the loader names them. */
    private static final Map<String, Integer> ELF_MACHINE = Map.of("x86_64", 62, "aarch64", 183);
    private static final Set<String> BUNDLED = Arrays.stream(BundledLibrary.values())
            .map(lib -> System.mapLibraryName(lib.libraryName())).collect(Collectors.toCollection(TreeSet::new));

    /** The library's own classes (target/classes): what its jar holds. */
    static Path libraryClasses() throws URISyntaxException {
        return Path.of(BundledLibrary.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void eachPlatformFolderHoldsTheBundledLibrariesAndNothingElse() throws Exception {
        Set<String> folders = folders();
        assertTrue(folders.contains(NativeLibraryLoader.platform()), "this machine's platform " + NativeLibraryLoader.platform() + " in " + folders);
        for (String platform : folders) {
            try (Stream<Path> files = Files.list(libraryClasses().resolve("native").resolve(platform))) {
                assertEquals(BUNDLED, files.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new)), platform);
            }
        }
    }

    @Test
    void theFoldersAreThePlatformsTheLoaderKnowsAndTheOtherArchitectureIsThereWhereItsCrossCompilerIs() throws Exception {
        Set<String> folders = folders();
        assertTrue(NativeLibraryLoader.BUNDLED_PLATFORMS.containsAll(folders), folders + " within " + NativeLibraryLoader.BUNDLED_PLATFORMS);
        for (String platform : NativeLibraryLoader.BUNDLED_PLATFORMS) {
            String arch = platform.substring("linux-".length());
            if (!platform.equals(NativeLibraryLoader.platform()) && onPath(arch + "-linux-gnu-gcc")) {
                assertTrue(folders.contains(platform), arch + "-linux-gnu-gcc is installed, so the build cross-compiles " + platform + ": " + folders);
            }
        }
    }

    @Test
    void everyLibraryIsASharedObjectForItsFoldersArchitecture() throws Exception {
        for (String platform : folders()) {
            int machine = ELF_MACHINE.get(platform.substring("linux-".length()));
            for (String file : BUNDLED) {
                byte[] head = Arrays.copyOf(Files.readAllBytes(libraryClasses().resolve("native").resolve(platform).resolve(file)), 20);
                ByteBuffer elf = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
                String where = platform + "/" + file;
                assertEquals(0x464c457f, elf.getInt(0), where + ": ELF magic");
                assertEquals(2, head[4], where + ": 64-bit");
                assertEquals(1, head[5], where + ": little-endian");
                assertEquals(3, elf.getShort(16), where + ": a shared object (ET_DYN)");
                assertEquals(machine, elf.getShort(18), where + ": e_machine");
            }
        }
    }

    private static Set<String> folders() throws IOException, URISyntaxException {
        try (Stream<Path> dirs = Files.list(libraryClasses().resolve("native"))) {
            return dirs.map(d -> d.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
    }
}
