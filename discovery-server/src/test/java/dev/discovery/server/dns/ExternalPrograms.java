package dev.discovery.server.dns;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real programs some tests talk to. A developer without them sees the tests skipped with the reason; under
 * {@code CI=true}, where {@code .ci/run} installs them, a missing program fails the test instead.
 */
public final class ExternalPrograms {

	private ExternalPrograms() {
	}

	public static Path require(String program, String debianPackage) {
		Path found = find(program);
		if (found == null) {
			String reason = "'" + program + "' is not installed (Debian package " + debianPackage
					+ ", which .ci/run installs)";
			if ("true".equals(System.getenv("CI"))) {
				Assertions.fail(reason);
			}
			Assumptions.abort(reason);
		}
		return found;
	}

	private static Path find(String program) {
		List<String> directories = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
		// Daemons such as haproxy live in sbin, which is often not on a developer's PATH.
		directories.addAll(List.of("/usr/local/sbin", "/usr/sbin", "/sbin"));
		for (String directory : directories) {
			if (!directory.isEmpty()) {
				Path candidate = Path.of(directory, program);
				if (Files.isExecutable(candidate)) {
					return candidate;
				}
			}
		}
		return null;
	}

}
