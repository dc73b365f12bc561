package dev.rigging.lifecycle.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rigging.lifecycle.errors.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code SetFlag} is one {@code --set path=value}, with istioctl's syntax: dotted field names,
 * {@code [N]} list indexes ({@code components.ingressGateways[0].enabled=false}), and values typed
 * as istioctl types them ({@code true}/{@code false}, integers, everything else a string). Keys
 * that contain dots (annotations, labels) are written with escaped dots:
 * {@code --set values.pilot.podAnnotations.prometheus\.io/scrape=true}.
 */
public record SetFlag(String text, List<Segment> path, JsonNode value) {
  private static final Pattern SEGMENT = Pattern.compile("([^\\[\\]]+)((?:\\[\\d+])*)");
  private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");
  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,9}");

  /** One step of a path: a field, optionally followed by list indexes. */
  public record Segment(String field, List<Integer> indexes) {}

  /** Parses {@code path=value}; a usage error says what is malformed. */
  public static SetFlag parse(String text) {
    int eq = text.indexOf('=');
    if (eq <= 0) {
      throw new UsageException("--set " + text + ": expected path=value, e.g. --set values.pilot.replicaCount=2");
    }
    String path = text.substring(0, eq);
    String raw = text.substring(eq + 1);
    List<Segment> segments = new ArrayList<>();
    for (String part : splitUnescaped(path)) {
      Matcher m = SEGMENT.matcher(part);
      if (!m.matches()) {
        throw new UsageException("--set " + text + ": malformed path element \"" + part
            + "\"; use field names and [N] list indexes, e.g. components.ingressGateways[0].enabled");
      }
      List<Integer> idx = new ArrayList<>();
      Matcher im = INDEX.matcher(m.group(2));
      while (im.find()) {
        idx.add(Integer.parseInt(im.group(1)));
      }
      segments.add(new Segment(m.group(1), List.copyOf(idx)));
    }
    return new SetFlag(text, List.copyOf(segments), typed(raw));
  }

  private static List<String> splitUnescaped(String path) {
    List<String> parts = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '\\' && i + 1 < path.length() && path.charAt(i + 1) == '.') {
        cur.append('.');
        i++;
      } else if (c == '.') {
        parts.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    parts.add(cur.toString());
    return parts;
  }

  private static JsonNode typed(String raw) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (raw.equals("true") || raw.equals("false")) {
      return f.booleanNode(Boolean.parseBoolean(raw));
    }
    if (INTEGER.matcher(raw).matches()) {
      return f.numberNode(Integer.parseInt(raw));
    }
    return f.textNode(raw);
  }

  /** The path as written, e.g. {@code components.ingressGateways[0].enabled}. */
  public String pathText() {
    return text.substring(0, text.indexOf('='));
  }

  /** A tree holding only this value at this path (missing list elements are empty objects). */
  public ObjectNode toTree() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    JsonNode container = root;
    for (int i = 0; i < path.size(); i++) {
      Segment s = path.get(i);
      boolean lastSegment = i == path.size() - 1;
      if (s.indexes().isEmpty()) {
        if (lastSegment) {
          ((ObjectNode) container).set(s.field(), value);
        } else {
          container = ((ObjectNode) container).putObject(s.field());
        }
        continue;
      }
      JsonNode node = ((ObjectNode) container).putArray(s.field());
      for (int k = 0; k < s.indexes().size(); k++) {
        ArrayNode array = (ArrayNode) node;
        int index = s.indexes().get(k);
        for (int pad = 0; pad < index; pad++) {
          array.addObject();
        }
        boolean lastIndex = k == s.indexes().size() - 1;
        if (lastSegment && lastIndex) {
          array.add(value);
        } else if (lastIndex) {
          node = array.addObject();
        } else {
          node = array.addArray();
        }
      }
      container = node;
    }
    return root;
  }
}
