package io.tessella.io;

/**
 * Text that came from outside (a file's header bytes) made safe to put in a message: printable ASCII
 * stays, everything else becomes an escape ({@code \n}, {@code \x1b}, {@code \u00e9}), so a crafted
 * file cannot drive the user's terminal or forge extra lines in a log.
 */
final class Untrusted {
    private static final int MAX = 200;

    private Untrusted() {
    }

    /** {@code text} quoted in single quotes, escaped, and cut at 200 characters with "...". */
    static String quote(CharSequence text) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX) + 8).append('\'');
        for (int i = 0; i < text.length() && i < MAX; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\\' -> b.append("\\\\");
                case '\'' -> b.append("\\'");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        b.append(c);
                    } else if (c < 0x100) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(String.format("\\u%04x", (int) c));
                    }
                }
            }
        }
        if (text.length() > MAX) {
            b.append("...");
        }
        return b.append('\'').toString();
    }
}
