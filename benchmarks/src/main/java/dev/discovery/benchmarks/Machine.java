package dev.discovery.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A one-line description of the machine the figures come from.
 */
final class Machine {

	private Machine() {
	}

	static String describe() {
		String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name");
		String memory = firstValue(Path.of("/proc/meminfo"), "MemTotal");
		return Runtime.getRuntime().availableProcessors() + " cores"
				+ ((cpu != null) ? " (" + cpu + ")" : "") + ((memory != null) ? ", " + memory + " memory" : "")
				+ ", " + System.getProperty("os.name") + " " + System.getProperty("os.version");
	}

	private static String firstValue(Path file, String key) {
		try {
			for (String line : Files.readAllLines(file)) {
				if (line.startsWith(key)) {
					return line.substring(line.indexOf(':') + 1).trim();
				}
			}
		}
		catch (IOException ex) {
			// Not Linux: the description goes without it.
		}
		return null;
	}

}
