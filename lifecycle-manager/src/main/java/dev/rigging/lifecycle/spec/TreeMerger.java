package dev.rigging.lifecycle.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * {@code TreeMerger} lays one spec tree over another. Objects merge field by field; lists of
 * objects merge element by element — by {@code name} when the overlay element has one (so a file can
 * name the gateway it changes, as in istioctl), otherwise by position (so {@code --set
 * components.ingressGateways[0].enabled=false} changes the first); any other value replaces.
 */
public final class TreeMerger {
  private TreeMerger() {}

  /** {@code overlay} laid over a copy of {@code base}. */
  public static JsonNode merge(JsonNode base, JsonNode overlay) {
    if (base == null || base.isNull() || base.isMissingNode()) {
      return overlay.deepCopy();
    }
    if (base.isObject() && overlay.isObject()) {
      ObjectNode out = ((ObjectNode) base).deepCopy();
      for (Iterator<Map.Entry<String, JsonNode>> it = overlay.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.set(e.getKey(), merge(out.get(e.getKey()), e.getValue()));
      }
      return out;
    }
    if (base.isArray() && overlay.isArray() && containsObjects(overlay)) {
      return mergeLists((ArrayNode) base, (ArrayNode) overlay);
    }
    return overlay.deepCopy();
  }

  private static boolean containsObjects(JsonNode array) {
    for (JsonNode n : array) {
      if (n.isObject()) {
        return true;
      }
    }
    return false;
  }

  private static ArrayNode mergeLists(ArrayNode base, ArrayNode overlay) {
    ArrayNode out = base.deepCopy();
    for (int i = 0; i < overlay.size(); i++) {
      JsonNode o = overlay.get(i);
      int target = o.hasNonNull("name") ? indexOfName(out, o.get("name").asText()) : i;
      if (target < 0) {
        out.add(o.deepCopy());
      } else if (target < out.size()) {
        out.set(target, merge(out.get(target), o));
      } else {
        out.add(o.deepCopy());
      }
    }
    return out;
  }

  private static int indexOfName(ArrayNode list, String name) {
    for (int i = 0; i < list.size(); i++) {
      if (name.equals(list.get(i).path("name").asText(null))) {
        return i;
      }
    }
    return -1;
  }
}
