package dev.discovery.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The registry's executable jar, unpacked once into a cache directory so that a plain class loader can read it:
 * its classes, its libraries in the jar's own classpath order, and its main class.
 *
 * @param classpath the class loader's URLs
 * @param mainClass the server's main class
 */
record ServerArchive(List<URL> classpath, String mainClass) {

	/** A system property naming another executable jar of discovery-server to embed instead of the bundled one. */
	static final String JAR_PROPERTY = "discovery.test.server-jar";

	private static final String BUNDLED = "dev/discovery/test/server/discovery-server.jar";

	private static final String MAIN_CLASS_FILE = "main-class";

	/**
	 * Unpacks the bundled server jar (or the one {@value #JAR_PROPERTY} names), unless an earlier run did.
	 * @return the unpacked archive
	 */
	static ServerArchive unpack() {
		try {
			URL jar = locate();
			String version = version(jar);
			Path cache = Path.of(System.getProperty("java.io.tmpdir"), "discovery-test", "server-" + version);
			if (!Files.isRegularFile(cache.resolve(MAIN_CLASS_FILE))) {
				unpackInto(jar, cache);
			}
			// Marks it as in use, so that another JVM's clean-up leaves it alone.
			Files.setLastModifiedTime(cache, FileTime.from(Instant.now()));
			deleteStale(cache);
			return read(cache);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot unpack the embedded registry", ex);
		}
	}

	/** Size and time of the jar: a new build gives a new directory. */
	private static String version(URL jar) throws IOException {
		URLConnection connection = jar.openConnection();
		try (InputStream opened = connection.getInputStream()) {
			return connection.getContentLengthLong() + "-" + connection.getLastModified();
		}
	}

	private static URL locate() throws MalformedURLException {
		String configured = System.getProperty(JAR_PROPERTY);
		if (configured != null) {
			Path path = Path.of(configured);
			if (!Files.isRegularFile(path)) {
				throw new IllegalStateException(JAR_PROPERTY + "=" + configured + " is not a file");
			}
			return path.toUri().toURL();
		}
		URL bundled = ServerArchive.class.getClassLoader().getResource(BUNDLED);
		if (bundled == null) {
			throw new IllegalStateException(BUNDLED + " is missing from the class path: discovery-test ships the "
					+ "registry in its jar (set -D" + JAR_PROPERTY + "=<discovery-server.jar> to use another one)");
		}
		return bundled;
	}

	/** Unpacks into a fresh directory and moves it into place, so a reader never sees half of it. */
	private static void unpackInto(URL jar, Path cache) throws IOException {
		Files.createDirectories(cache.getParent());
		Path partial = Files.createTempDirectory(cache.getParent(), cache.getFileName() + "-partial-");
		try (InputStream in = jar.openStream(); JarInputStream archive = new JarInputStream(in)) {
			Manifest manifest = archive.getManifest();
			String main = (manifest != null) ? manifest.getMainAttributes().getValue("Start-Class") : null;
			if (main == null) {
				throw new IllegalStateException(jar + " is not an executable Spring Boot jar (no Start-Class)");
			}
			for (JarEntry entry = archive.getNextJarEntry(); entry != null; entry = archive.getNextJarEntry()) {
				if (!entry.isDirectory() && entry.getName().startsWith("BOOT-INF/")) {
					Path target = partial.resolve(entry.getName()).normalize();
					if (!target.startsWith(partial)) {
						throw new IllegalStateException(jar + " has an entry outside its root: " + entry.getName());
					}
					Files.createDirectories(target.getParent());
					Files.copy(archive, target);
				}
			}
			Files.writeString(partial.resolve(MAIN_CLASS_FILE), main);
			Files.move(partial, cache, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException ex) {
			// Another JVM unpacked it first.
		}
		finally {
			delete(partial);
		}
	}

	private static ServerArchive read(Path cache) throws IOException {
		Path boot = cache.resolve("BOOT-INF");
		List<URL> classpath = new ArrayList<>();
		classpath.add(boot.resolve("classes").toUri().toURL());
		Path index = boot.resolve("classpath.idx");
		if (Files.isRegularFile(index)) {
			for (String line : Files.readAllLines(index, StandardCharsets.UTF_8)) {
				String entry = line.trim().replaceFirst("^- ", "").replace("\"", "");
				if (!entry.isEmpty()) {
					classpath.add(cache.resolve(entry).toUri().toURL());
				}
			}
		}
		else {
			try (Stream<Path> libs = Files.list(boot.resolve("lib"))) {
				for (Path lib : libs.sorted().toList()) {
					classpath.add(lib.toUri().toURL());
				}
			}
		}
		return new ServerArchive(List.copyOf(classpath), Files.readString(cache.resolve(MAIN_CLASS_FILE)).trim());
	}

	/** Removes what earlier builds unpacked and no test has used for a day (each build of the kit unpacks anew). */
	private static void deleteStale(Path current) throws IOException {
		Instant dayAgo = Instant.now().minus(Duration.ofDays(1));
		try (Stream<Path> siblings = Files.list(current.getParent())) {
			for (Path sibling : siblings.toList()) {
				if (!sibling.equals(current) && sibling.getFileName().toString().startsWith("server-")
						&& Files.getLastModifiedTime(sibling).toInstant().isBefore(dayAgo)) {
					delete(sibling);
				}
			}
		}
	}

	private static void delete(Path dir) throws IOException {
		if (Files.exists(dir)) {
			try (Stream<Path> paths = Files.walk(dir)) {
				for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
					Files.deleteIfExists(path);
				}
			}
		}
	}

}
