package dev.rigging.lifecycle.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rigging.lifecycle.analyze.Level;
import dev.rigging.lifecycle.analyze.Message;
import dev.rigging.lifecycle.output.Console;
import dev.rigging.lifecycle.output.Format;
import java.util.List;

/** {@code Messages} prints findings in istioctl's line format, or as YAML/JSON data. */
final class Messages {
  private Messages() {}

  /** Findings at or above {@code threshold}: lines for a table, documents for yaml/json (stdout). */
  static void print(Console console, Format format, List<Message> messages, Level threshold) {
    List<Message> shown = messages.stream().filter(m -> m.level().compareTo(threshold) >= 0).toList();
    if (format == Format.TABLE) {
      shown.forEach(m -> console.data(m.toString()));
      return;
    }
    ArrayNode arr = JsonNodeFactory.instance.arrayNode();
    for (Message m : shown) {
      ObjectNode n = arr.addObject();
      n.put("code", m.type().code());
      n.put("level", m.level().display());
      n.put("name", m.type().displayName());
      if (m.resource() != null && !m.resource().isEmpty()) {
        n.put("origin", m.resource());
      }
      n.put("message", m.text());
    }
    console.data(format.render(arr));
  }

  /** Findings as stderr chatter, for commands whose stdout is something else. */
  static void note(Console console, List<Message> messages, Level threshold) {
    messages.stream().filter(m -> m.level().compareTo(threshold) >= 0).forEach(m -> console.info(m.toString()));
  }
}
