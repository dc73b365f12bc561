package dev.rigging.ca.keys;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code FileCaStore} keeps the bundle as Istio's four PEM files in a directory
 * ({@code rigging.ca.dir}). Each file is written to a temporary file and renamed into place;
 * {@value CaBundle#CA_KEY} is created with mode 0600 before any key byte is written. An exclusive
 * lock on {@code .lock} serializes processes that share the directory, and the version is a digest
 * of the four files' contents.
 */
public final class FileCaStore implements CaStore {
  private static final Set<PosixFilePermission> KEY_MODE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> CERT_MODE = PosixFilePermissions.fromString("rw-r--r--");
  private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
  private static final String LOCK = ".lock";
  private static final Map<Path, ReentrantLock> LOCAL_LOCKS = new ConcurrentHashMap<>();

  private final Path dir;

  public FileCaStore(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath();
  }

  @Override
  public Optional<Stored> load() throws IOException {
    try (Guard ignored = lock()) {
      return read();
    }
  }

  @Override
  public Stored createIfAbsent(CaBundle bundle) throws IOException {
    try (Guard ignored = lock()) {
      Optional<Stored> existing = read();
      if (existing.isPresent()) {
        return existing.get();
      }
      write(bundle);
      return read().orElseThrow(() -> new IOException(dir + ": bundle vanished right after it was written"));
    }
  }

  @Override
  public Optional<Stored> replace(Stored expected, CaBundle next) throws IOException {
    try (Guard ignored = lock()) {
      Optional<Stored> current = read();
      if (current.isEmpty() || !current.get().version().equals(expected.version())) {
        return Optional.empty();
      }
      write(next);
      return read();
    }
  }

  @Override
  public String describe() {
    return "file:" + dir;
  }

  private Optional<Stored> read() throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String name : new String[] {CaBundle.CA_CERT, CaBundle.CA_KEY, CaBundle.CERT_CHAIN, CaBundle.ROOT_CERT}) {
      Path file = dir.resolve(name);
      if (Files.exists(file)) {
        files.put(name, Files.readAllBytes(file));
      }
    }
    return CaBundle.fromFiles(files).map(b -> new Stored(b, digest(b)));
  }

  private void write(CaBundle bundle) throws IOException {
    // The key goes last: a reader racing a first write sees no ca-key.pem and so no bundle.
    Map<String, byte[]> files = bundle.files();
    for (String name : new String[] {CaBundle.ROOT_CERT, CaBundle.CERT_CHAIN, CaBundle.CA_CERT, CaBundle.CA_KEY}) {
      writeAtomically(name, files.get(name), name.equals(CaBundle.CA_KEY) ? KEY_MODE : CERT_MODE);
    }
  }

  private void writeAtomically(String name, byte[] content, Set<PosixFilePermission> mode) throws IOException {
    Path tmp = dir.resolve("." + name + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(mode));
    try {
      Files.write(tmp, content, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
      try {
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException(dir + " does not support atomic renames; the CA directory must be on a local file system", e);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  // FileLock excludes other processes only; threads of this JVM queue on a per-directory monitor
  // first (a second lock from the same JVM would throw OverlappingFileLockException).
  private Guard lock() throws IOException {
    if (!Files.isDirectory(dir)) {
      try {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
      } catch (FileAlreadyExistsException e) {
        throw new IOException(dir + " exists and is not a directory", e);
      }
    }
    ReentrantLock local = LOCAL_LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
    local.lock();
    FileChannel channel = null;
    try {
      channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      return new Guard(local, channel, channel.lock());
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        channel.close();
      }
      local.unlock();
      throw e;
    }
  }

  private static String digest(CaBundle bundle) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      bundle.files().values().forEach(sha::update);
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Holds the in-JVM and the file lock; closing releases both. */
  private record Guard(ReentrantLock local, FileChannel channel, FileLock file) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try {
        file.release();
        channel.close();
      } finally {
        local.unlock();
      }
    }
  }
}
