package dev.discovery.server.registry;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WireTextTests {

	@Test
	void controlCharactersShouldBeFoundByCodePoint() {
		List<String> texts = List.of("", "plain", "tab\there", "del\u007f", "c1\u0085", "nbsp\u00a0ok",
				"zero\u200bwidth", "bom\ufeff", "lone\ud800", "lone\udc00end", "pair\ud83d\ude00ok",
				"tag\udb40\udc01", "caf\u00e9", "\u0000", "~", "\u2028");
		for (String text : texts) {
			boolean expected = text.codePoints().anyMatch((c) -> Character.isISOControl(c)
					|| Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.SURROGATE);
			assertThat(WireText.hasControlCharacter(text)).as(text).isEqualTo(expected);
		}
	}

}
