package dev.rigging.istiod.nativeimage;

import com.google.protobuf.DescriptorProtos.FileOptions;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * {@code ProtoJavaNames} maps a protobuf message or enum descriptor to the binary name of the Java
 * class protoc generates for it, from the file's {@code java_package}, {@code java_multiple_files}
 * and {@code java_outer_classname} options. The names are checked by loading the classes
 * ({@link ProtoReflectionConfigTest}), so a wrong guess here fails a test rather than a native image.
 */
final class ProtoJavaNames {
  private ProtoJavaNames() {}

  static String of(Descriptor message) {
    Objects.requireNonNull(message, "message");
    Deque<String> chain = new ArrayDeque<>();
    for (Descriptor d = message; d != null; d = d.getContainingType()) {
      chain.addFirst(d.getName());
    }
    return prefix(message.getFile()) + String.join("$", chain);
  }

  static String of(EnumDescriptor e) {
    Objects.requireNonNull(e, "e");
    return e.getContainingType() == null ? prefix(e.getFile()) + e.getName() : of(e.getContainingType()) + "$" + e.getName();
  }

  private static String prefix(FileDescriptor file) {
    FileOptions options = file.getOptions();
    String pkg = options.hasJavaPackage() ? options.getJavaPackage() : file.getPackage();
    String prefix = pkg.isEmpty() ? "" : pkg + ".";
    return options.getJavaMultipleFiles() ? prefix : prefix + outerClassName(file) + "$";
  }

  private static String outerClassName(FileDescriptor file) {
    FileOptions options = file.getOptions();
    if (options.hasJavaOuterClassname()) {
      return options.getJavaOuterClassname();
    }
    String base = file.getName().substring(file.getName().lastIndexOf('/') + 1).replaceFirst("\\.proto$", "");
    StringBuilder camel = new StringBuilder();
    boolean upper = true;
    for (char c : base.toCharArray()) {
      if (Character.isLetter(c)) {
        camel.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      } else {
        if (Character.isDigit(c)) {
          camel.append(c);
        }
        upper = true;
      }
    }
    String name = camel.toString();
    // protoc appends "OuterClass" when a top-level type would take the outer class's name.
    boolean clash = file.getMessageTypes().stream().anyMatch(m -> m.getName().equals(name))
        || file.getEnumTypes().stream().anyMatch(en -> en.getName().equals(name))
        || file.getServices().stream().anyMatch(s -> s.getName().equals(name));
    return clash ? name + "OuterClass" : name;
  }
}
