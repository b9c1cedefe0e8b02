package dev.discovery.client.watch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SseEventParserTests {

	private final SseEvent.Parser parser = new SseEvent.Parser();

	@Test
	void parserShouldReturnAnEventOnTheBlankLine() {
		assertThat(this.parser.line("event: change")).isNull();
		assertThat(this.parser.line("id: 42")).isNull();
		assertThat(this.parser.line("data: {\"index\":42}")).isNull();
		assertThat(this.parser.line("")).isEqualTo(new SseEvent("change", "42", "{\"index\":42}"));
	}

	@Test
	void parserShouldSkipCommentsAndFieldOnlyBlocks() {
		assertThat(this.parser.line(":hb")).isNull();
		assertThat(this.parser.line("")).isNull();
		assertThat(this.parser.line("retry: 1000")).isNull();
		assertThat(this.parser.line("")).isNull();
		this.parser.line("data:a");
		this.parser.line("data: b");
		assertThat(this.parser.line("")).isEqualTo(new SseEvent("message", null, "a\nb"));
	}

}
