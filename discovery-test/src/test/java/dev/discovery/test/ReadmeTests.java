package dev.discovery.test;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "Testing your app" shows a complete test a user can copy: it is this module's
 * {@code OrderServiceTests}, which runs with the build, but for its package.
 */
class ReadmeTests {

	@Test
	void readmeTestShouldBeTheOneThatRuns() throws Exception {
		String readme = Files.readString(Path.of("..", "README.md"));
		String section = readme.substring(readme.indexOf("## Testing your app"));
		String example = section.substring(section.indexOf("```java\npackage com.example.orders;") + "```java\n".length());
		example = example.substring(0, example.indexOf("```"));
		String test = Files.readString(Path.of("src/test/java/dev/discovery/test/apps/order/OrderServiceTests.java"));
		assertThat(withoutPackage(example)).isEqualTo(withoutPackage(test));
	}

	private static String withoutPackage(String source) {
		return source.substring(source.indexOf('\n') + 1).strip();
	}

}
