package dev.discovery.server.dns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HAProxy configuration users copy from the README is the one the HAProxy tests run.
 */
class DnsDocumentationTests {

	@Test
	void readmeShouldShowTheTestedHaproxyConfiguration() throws IOException {
		assertThat(Files.readString(documentation())).contains(HaproxyConfig.README);
	}

	/** The README once it holds the DNS section, and the section waiting to go into it until then. */
	private static Path documentation() throws IOException {
		Path readme = Path.of("..", "README.md");
		if (Files.exists(readme) && Files.readString(readme).contains("server-template")) {
			return readme;
		}
		return Path.of("..", "docs", "dns-readme-section.md");
	}

}
