package dev.rigging.ca.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.bouncycastle.jcajce.provider.BouncyCastleFipsProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code BouncyCastleReflectionConfigTest} checks the native-image reflection config of the
 * {@code ca} jar against the Bouncy Castle jars on the class path: every class, constructor, method
 * and field it names exists, every name it lists is one the jars spell out as a string (they look
 * it up by name), and every version-specific JSSE adapter class BCJSSE names as a string (it
 * instantiates those through {@code ReflectionUtil}; the others it creates with {@code new}) is listed.
 */
class BouncyCastleReflectionConfigTest {
  private static final String CONFIG = "META-INF/native-image/dev.rigging/ca/reflect-config.json";
  /** The JDK instantiates these from {@code security.provider.N} in java.security (fips-build). */
  private static final Set<String> NAMED_BY_JAVA_SECURITY =
      Set.of(BouncyCastleFipsProvider.class.getName(), BouncyCastleJsseProvider.class.getName());
  /** BCJSSE's adapters between its own and the JDK's session and trust-manager types. */
  private static final Pattern JSSE_ADAPTER = Pattern.compile("org/bouncycastle/jsse/provider/(Ex|Im)port\\w+_\\d+\\.class");
  private static final Map<String, Class<?>> PRIMITIVES = Map.of("int", int.class, "boolean", boolean.class,
      "long", long.class, "byte", byte.class, "char", char.class, "short", short.class, "float", float.class,
      "double", double.class);

  private static JsonNode config;
  /** The class files of bc-fips and bctls-fips, as Latin-1 text, to search for string constants. */
  private static String bouncyCastleClasses;
  private static List<String> jsseAdapters;

  @BeforeAll
  static void load() throws IOException, URISyntaxException {
    try (InputStream in = BouncyCastleReflectionConfigTest.class.getClassLoader().getResourceAsStream(CONFIG)) {
      assertThat(in).as(CONFIG + " on the class path").isNotNull();
      config = new ObjectMapper().readTree(in);
    }
    StringBuilder text = new StringBuilder();
    jsseAdapters = new ArrayList<>();
    for (Class<?> provider : List.of(BouncyCastleFipsProvider.class, BouncyCastleJsseProvider.class)) {
      Path jar = Path.of(provider.getProtectionDomain().getCodeSource().getLocation().toURI());
      try (JarFile file = new JarFile(jar.toFile())) {
        for (JarEntry e : file.stream().toList()) {
          if (e.getName().endsWith(".class")) {
            try (InputStream in = file.getInputStream(e)) {
              text.append(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).append('\n');
            }
            if (JSSE_ADAPTER.matcher(e.getName()).matches()) {
              jsseAdapters.add(e.getName().replace('/', '.').replaceFirst("\\.class$", ""));
            }
          }
        }
      }
    }
    bouncyCastleClasses = text.toString();
  }

  @Test
  void everyNamedMemberExists() throws ReflectiveOperationException {
    assertThat(config.isArray()).isTrue();
    for (JsonNode entry : config) {
      Class<?> type = Class.forName(entry.get("name").asText(), false, getClass().getClassLoader());
      for (JsonNode m : entry.path("methods")) {
        Class<?>[] params = parameterTypes(m.get("parameterTypes"));
        String name = m.get("name").asText();
        if (name.equals("<init>")) {
          assertThat(type.getDeclaredConstructor(params)).as(type.getName() + " constructor").isNotNull();
        } else {
          assertThat(type.getMethod(name, params)).as(type.getName() + "." + name).isNotNull();
        }
      }
      for (JsonNode f : entry.path("fields")) {
        assertThat(type.getField(f.get("name").asText())).as(type.getName() + "." + f.get("name").asText()).isNotNull();
      }
    }
  }

  @Test
  void everyNameIsOneBouncyCastleLooksUp() {
    for (JsonNode entry : config) {
      String name = entry.get("name").asText();
      if (!NAMED_BY_JAVA_SECURITY.contains(name)) {
        assertThat(bouncyCastleClasses).as("%s is named as a string in bc-fips or bctls-fips", name).contains(name);
      }
      for (JsonNode m : entry.path("methods")) {
        String method = m.get("name").asText();
        if (!method.equals("<init>")) {
          assertThat(bouncyCastleClasses).as("method %s.%s is named as a string", name, method).contains(method);
        }
      }
      for (JsonNode f : entry.path("fields")) {
        assertThat(bouncyCastleClasses).as("field %s.%s is named as a string", name, f.get("name").asText())
            .contains(f.get("name").asText());
      }
    }
  }

  @Test
  void everyJsseAdapterLoadedByNameIsListed() {
    List<String> listed = new ArrayList<>();
    config.forEach(e -> listed.add(e.get("name").asText()));
    List<String> byName = jsseAdapters.stream().filter(bouncyCastleClasses::contains).toList();
    assertThat(byName).as("BCJSSE adapter classes named as strings in bctls-fips").isNotEmpty();
    assertThat(listed).containsAll(byName);
    assertThat(listed).as("sorted, so that a diff shows what changed").isSorted();
  }

  private static Class<?>[] parameterTypes(JsonNode types) throws ClassNotFoundException {
    Class<?>[] out = new Class<?>[types.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = type(types.get(i).asText());
    }
    return out;
  }

  private static Class<?> type(String name) throws ClassNotFoundException {
    if (name.endsWith("[]")) {
      return Array.newInstance(type(name.substring(0, name.length() - 2)), 0).getClass();
    }
    Class<?> primitive = PRIMITIVES.get(name);
    return primitive != null ? primitive
        : Class.forName(name, false, BouncyCastleReflectionConfigTest.class.getClassLoader());
  }
}
