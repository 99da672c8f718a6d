package io.tessella.spark;

import io.tessella.kernel.Evaluation;
import io.tessella.kernel.Kernel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/** A kernel's answers on fixed probes: what a checkpoint records, since a library's path may change and its behaviour must not. */
final class Fingerprints {
    private Fingerprints() {
    }

    static long of(Kernel k) {
        CRC32C crc = new CRC32C();
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 64; i++) {
            Evaluation e = k.evaluate(i * 7.25 - 200, i * 3.5 - 100);
            b.clear();
            b.putLong(e.succeeded() ? e.index() : -(long) e.status()).flip();
            crc.update(b);
        }
        return crc.getValue();
    }
}
