package dev.rigging.istiod.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** {@code FreePorts} prints N TCP ports that are free on loopback right now (for {@code scripts/bench.sh}). */
public final class FreePorts {
  private FreePorts() {}

  public static void main(String[] args) throws IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    List<ServerSocket> held = new ArrayList<>();
    try {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0);
        held.add(s);
        out.append(i == 0 ? "" : " ").append(s.getLocalPort());
      }
      System.out.println(out);
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
  }
}
