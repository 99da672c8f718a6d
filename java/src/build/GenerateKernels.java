import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Expands Tessella's kernel templates into one Java class per element type, as the JDK expands its
 * {@code X-Vector.java.template} into {@code ByteVector} ... {@code DoubleVector}: the Vector API is
 * only compiled into fast code when every species and vector class in a loop is a constant the JIT
 * can see, so each dtype gets its own monomorphic source instead of one generic class.
 *
 * <p>Run by the build (exec-maven-plugin, generate-sources) as a single-file program on any JDK 17+:
 * {@code java GenerateKernels.java TEMPLATES_DIR OUTPUT_DIR}. A template is any
 * {@code *.java.template} under TEMPLATES_DIR; its folder is its package. Its first line says what it
 * expands over:
 * <pre>
 * #expand dtypes                      one class per dtype (or: #expand dtypes FLOAT32 FLOAT64)
 * #expand widths                      one class per stored element width and byte order
 * </pre>
 * and its file name holds {@code $Name$}, which each variant replaces ({@code Panama$Name$Outer.java.template}
 * gives {@code PanamaFloat32Outer.java}). In the text, {@code $key$} is the variant's value for key
 * (an unknown key fails the build), and whole lines
 * {@code #if[FLAG]}, {@code #if[!FLAG]}, {@code #if[A|B]}, {@code #else[...]}, {@code #end[...]}
 * keep or drop what they enclose by the variant's flags; they nest. Output files that would not
 * change are not rewritten, so incremental compilation stays incremental.
 */
public final class GenerateKernels {

    private static final Pattern VAR = Pattern.compile("\\$([A-Za-z][A-Za-z0-9_]*)\\$");
    private static final Pattern DIRECTIVE = Pattern.compile("^\\s*#(if|else|end)\\[([^\\]]*)\\]\\s*$");

    /** One expansion: the values of $key$ and the flags #if tests. */
    record Variant(String id, Map<String, String> values, Set<String> flags) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java GenerateKernels.java TEMPLATES_DIR OUTPUT_DIR");
            System.exit(2);
        }
        Path templates = Path.of(args[0]);
        Path output = Path.of(args[1]);
        List<Path> files;
        try (Stream<Path> s = Files.walk(templates)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".java.template")).sorted().toList();
        }
        int written = 0;
        int total = 0;
        for (Path t : files) {
            Map<Path, String> classes;
            try {
                classes = expand(templates, t);
            } catch (IllegalArgumentException e) {
                System.err.println("GenerateKernels: " + e.getMessage());
                System.exit(1);
                return;
            }
            for (Map.Entry<Path, String> e : classes.entrySet()) {
                Path out = output.resolve(e.getKey());
                total++;
                if (Files.exists(out) && Files.readString(out, StandardCharsets.UTF_8).equals(e.getValue())) {
                    continue;
                }
                Files.createDirectories(out.getParent());
                Files.writeString(out, e.getValue(), StandardCharsets.UTF_8);
                written++;
            }
        }
        System.out.println("GenerateKernels: " + files.size() + " templates, " + total + " classes (" + written + " rewritten) in " + output);
    }

    static Map<Path, String> expand(Path root, Path template) throws IOException {
        List<String> lines = Files.readAllLines(template, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).startsWith("#expand ")) {
            throw new IllegalArgumentException(template + ": the first line must be '#expand dtypes|widths [VARIANT ...]'");
        }
        String[] head = lines.get(0).substring("#expand ".length()).trim().split("\\s+");
        List<Variant> all = switch (head[0]) {
            case "dtypes" -> dtypes();
            case "widths" -> widths();
            default -> throw new IllegalArgumentException(template + ": unknown expansion '" + head[0] + "'");
        };
        List<Variant> chosen = new ArrayList<>();
        if (head.length == 1) {
            chosen.addAll(all);
        } else {
            for (int i = 1; i < head.length; i++) {
                String id = head[i];
                chosen.add(all.stream().filter(v -> v.id().equals(id)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(template + ": unknown variant " + id)));
            }
        }
        Path rel = root.relativize(template);
        String name = rel.getFileName().toString();
        String source = root.relativize(template).toString().replace('\\', '/');
        Map<Path, String> out = new LinkedHashMap<>();
        for (Variant v : chosen) {
            String file = substitute(name.substring(0, name.length() - ".template".length()), v, template, 0);
            StringBuilder s = new StringBuilder();
            s.append("// Generated from src/main/templates/").append(source).append(" for ").append(v.id())
                    .append(" by src/build/GenerateKernels.java. Do not edit: edit the template.\n");
            s.append(process(lines.subList(1, lines.size()), v, template));
            Path target = rel.getParent() == null ? Path.of(file) : rel.getParent().resolve(file);
            out.put(target, s.toString());
        }
        return out;
    }

    private static String process(List<String> lines, Variant v, Path template) {
        StringBuilder out = new StringBuilder();
        // Each open #if: [condition of this branch, whether the enclosing text is kept, its key]
        Deque<Object[]> stack = new ArrayDeque<>();
        boolean keep = true;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int lineNo = i + 2;
            Matcher d = DIRECTIVE.matcher(line);
            if (d.matches()) {
                String key = d.group(2).trim();
                switch (d.group(1)) {
                    case "if" -> {
                        stack.push(new Object[] {test(key, v), keep, key});
                        keep = keep && (Boolean) stack.peek()[0];
                    }
                    case "else" -> {
                        Object[] top = top(stack, key, template, lineNo);
                        top[0] = !(Boolean) top[0];
                        keep = (Boolean) top[1] && (Boolean) top[0];
                    }
                    default -> {
                        Object[] top = top(stack, key, template, lineNo);
                        stack.pop();
                        keep = (Boolean) top[1];
                    }
                }
                continue;
            }
            if (line.trim().startsWith("#") && !line.trim().startsWith("#{")) {
                throw new IllegalArgumentException(template + ":" + lineNo + ": unknown directive: " + line.trim());
            }
            if (keep) {
                out.append(substitute(line, v, template, lineNo)).append('\n');
            }
        }
        if (!stack.isEmpty()) {
            throw new IllegalArgumentException(template + ": #if[" + stack.peek()[2] + "] is never closed");
        }
        return out.toString();
    }

    private static Object[] top(Deque<Object[]> stack, String key, Path template, int lineNo) {
        if (stack.isEmpty() || !stack.peek()[2].equals(key)) {
            throw new IllegalArgumentException(template + ":" + lineNo + ": #else/#end[" + key + "] does not match the open "
                    + (stack.isEmpty() ? "(none)" : "#if[" + stack.peek()[2] + "]"));
        }
        return stack.peek();
    }

    /** {@code A|B|!C}: true if any term holds. */
    private static boolean test(String key, Variant v) {
        for (String term : key.split("\\|")) {
            String t = term.trim();
            boolean negate = t.startsWith("!");
            String flag = negate ? t.substring(1) : t;
            if (!KNOWN_FLAGS.contains(flag)) {
                throw new IllegalArgumentException("unknown flag " + flag + " in #if[" + key + "]; known: " + KNOWN_FLAGS);
            }
            if (v.flags().contains(flag) != negate) {
                return true;
            }
        }
        return false;
    }

    private static String substitute(String line, Variant v, Path template, int lineNo) {
        Matcher m = VAR.matcher(line);
        StringBuilder s = new StringBuilder();
        while (m.find()) {
            String value = v.values().get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException(template + ":" + lineNo + ": unknown variable $" + m.group(1) + "$ for "
                        + v.id() + "; known: " + v.values().keySet());
            }
            m.appendReplacement(s, Matcher.quoteReplacement(value));
        }
        m.appendTail(s);
        return s.toString();
    }

    private static final Set<String> KNOWN_FLAGS = Set.of("BOOL", "INT", "SIGNED", "UNSIGNED", "FP", "F32", "F64", "SUB", "B8",
            "B16", "B32", "B64", "U64", "BE", "LE");

    /**
     * The dtypes, with what a template needs about each. {@code type}: the Java primitive an element is
     * stored as; {@code arith}: the one arithmetic runs in (Java computes on bytes and shorts as ints);
     * {@code Vector}/{@code Box}: the Vector API class and its element box; {@code LAYOUT}: an unaligned
     * native-order layout constant of {@code ValueLayout}; {@code BYTES}: the element size.
     */
    static List<Variant> dtypes() {
        List<Variant> v = new ArrayList<>();
        v.add(dtype("BOOL", "Bool", "byte", "Byte", 1, Set.of("BOOL", "SUB", "B8")));
        v.add(dtype("INT8", "Int8", "byte", "Byte", 1, Set.of("INT", "SIGNED", "SUB", "B8")));
        v.add(dtype("UINT8", "UInt8", "byte", "Byte", 1, Set.of("INT", "UNSIGNED", "SUB", "B8")));
        v.add(dtype("INT16", "Int16", "short", "Short", 2, Set.of("INT", "SIGNED", "SUB", "B16")));
        v.add(dtype("UINT16", "UInt16", "short", "Short", 2, Set.of("INT", "UNSIGNED", "SUB", "B16")));
        v.add(dtype("INT32", "Int32", "int", "Integer", 4, Set.of("INT", "SIGNED", "B32")));
        v.add(dtype("UINT32", "UInt32", "int", "Integer", 4, Set.of("INT", "UNSIGNED", "B32")));
        v.add(dtype("INT64", "Int64", "long", "Long", 8, Set.of("INT", "SIGNED", "B64")));
        v.add(dtype("UINT64", "UInt64", "long", "Long", 8, Set.of("INT", "UNSIGNED", "B64", "U64")));
        v.add(dtype("FLOAT32", "Float32", "float", "Float", 4, Set.of("FP", "F32", "B32")));
        v.add(dtype("FLOAT64", "Float64", "double", "Double", 8, Set.of("FP", "F64", "B64")));
        return v;
    }

    private static Variant dtype(String id, String name, String type, String box, int bytes, Set<String> flags) {
        Map<String, String> m = new LinkedHashMap<>();
        String cap = Character.toUpperCase(type.charAt(0)) + type.substring(1);
        m.put("DTYPE", id);
        m.put("Name", name);
        m.put("name", name.toLowerCase(java.util.Locale.ROOT));
        m.put("type", type);
        m.put("Type", cap);
        m.put("Box", box);
        m.put("arith", switch (type) {
            case "byte", "short" -> "int";
            default -> type;
        });
        m.put("Vector", cap + "Vector");
        m.put("BYTES", Integer.toString(bytes));
        m.put("SHIFT", Integer.toString(Integer.numberOfTrailingZeros(bytes)));
        m.put("LAYOUT", "JAVA_" + type.toUpperCase(java.util.Locale.ROOT) + (bytes == 1 ? "" : "_UNALIGNED"));
        m.put("Of", "Of" + cap);
        return new Variant(id, m, flags);
    }

    /** Stored element widths and byte orders, for copies that move bits without looking at them. */
    static List<Variant> widths() {
        List<Variant> v = new ArrayList<>();
        v.add(width("W1", "byte", 1, null));
        for (int bytes : new int[] {2, 4, 8}) {
            String type = switch (bytes) {
                case 2 -> "short";
                case 4 -> "int";
                default -> "long";
            };
            v.add(width("W" + bytes + "LE", type, bytes, "LITTLE_ENDIAN"));
            v.add(width("W" + bytes + "BE", type, bytes, "BIG_ENDIAN"));
        }
        return v;
    }

    private static Variant width(String id, String type, int bytes, String order) {
        Map<String, String> m = new LinkedHashMap<>();
        String cap = Character.toUpperCase(type.charAt(0)) + type.substring(1);
        m.put("Name", id);
        m.put("type", type);
        m.put("Type", cap);
        m.put("BYTES", Integer.toString(bytes));
        m.put("SHIFT", Integer.toString(Integer.numberOfTrailingZeros(bytes)));
        m.put("Of", "Of" + cap);
        m.put("LAYOUT", "JAVA_" + type.toUpperCase(java.util.Locale.ROOT) + (bytes == 1 ? "" : "_UNALIGNED"));
        m.put("ORDER", order == null ? "LITTLE_ENDIAN" : order);
        Set<String> flags = "BIG_ENDIAN".equals(order) ? Set.of("BE") : Set.of("LE");
        return new Variant(id, m, flags);
    }

    private GenerateKernels() {
    }
}
