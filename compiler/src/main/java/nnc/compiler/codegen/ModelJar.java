package nnc.compiler.codegen;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import nnc.runtime.Dim;
import nnc.runtime.Signature;
import nnc.runtime.TensorSpec;

/** The jar form of a generated class: the class file plus its signature as {@code META-INF/nnc/<Model>.json}. */
public final class ModelJar {
    private ModelJar() {
    }

    /** The path of the class file inside a jar or class directory: {@code demo/Mlp.class}. */
    public static String classPath(CompiledClass c) {
        return c.className().replace('.', '/') + ".class";
    }

    /** The path of the signature inside the jar. */
    public static String signaturePath(CompiledClass c) {
        return "META-INF/nnc/" + c.signature().modelName() + ".json";
    }

    /** The bytes of a jar holding {@code c}, with no timestamps that vary between builds. */
    public static byte[] jar(CompiledClass c) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Created-By", "nnc");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            ByteArrayOutputStream mf = new ByteArrayOutputStream();
            manifest.write(mf);
            entry(jar, "META-INF/MANIFEST.MF", mf.toByteArray());
            entry(jar, classPath(c), c.bytes());
            entry(jar, signaturePath(c), signatureJson(c).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("writing a jar to memory", e);
        }
        return bytes.toByteArray();
    }

    private static void entry(JarOutputStream jar, String name, byte[] data) throws IOException {
        JarEntry e = new JarEntry(name);
        e.setTime(0);
        jar.putNextEntry(e);
        jar.write(data);
        jar.closeEntry();
    }

    /** The signature as JSON: model, class, dtype, hash, and each tensor list with names, dtypes and shapes. */
    public static String signatureJson(CompiledClass c) {
        Signature s = c.signature();
        StringBuilder b = new StringBuilder("{\n");
        b.append("  \"model\": ").append(quote(s.modelName())).append(",\n");
        b.append("  \"class\": ").append(quote(c.className())).append(",\n");
        b.append("  \"dtype\": ").append(quote(s.dtype().sourceName())).append(",\n");
        b.append("  \"hash\": ").append(quote(s.hash())).append(",\n");
        specs(b, "inputs", s.inputs(), false);
        specs(b, "targets", s.targets(), false);
        specs(b, "outputs", s.outputs(), false);
        specs(b, "params", s.params(), false);
        specs(b, "state", s.state(), true);
        return b.append("}\n").toString();
    }

    private static void specs(StringBuilder b, String key, List<TensorSpec> specs, boolean last) {
        b.append("  ").append(quote(key)).append(": [");
        for (int i = 0; i < specs.size(); i++) {
            TensorSpec t = specs.get(i);
            b.append(i == 0 ? "\n" : ",\n").append("    {\"name\": ").append(quote(t.name()))
                    .append(", \"dtype\": ").append(quote(t.dtype().sourceName())).append(", \"shape\": [");
            for (int d = 0; d < t.shape().size(); d++) {
                Dim dim = t.shape().get(d);
                b.append(d == 0 ? "" : ", ").append(dim instanceof Dim.Fixed f ? Integer.toString(f.size()) : quote(dim.toString()));
            }
            b.append("]}");
        }
        b.append(specs.isEmpty() ? "]" : "\n  ]").append(last ? "\n" : ",\n");
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                b.append('\\').append(ch);
            } else if (ch < 0x20) {
                b.append(String.format("\\u%04x", (int) ch));
            } else {
                b.append(ch);
            }
        }
        return b.append('"').toString();
    }
}
