package dev.discovery.client.serviceregistry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DnsLabelsTests {

	@Test
	void sanitizeShouldLowerCaseAndReplaceDotsAndColons() {
		assertThat(DnsLabels.sanitize("Payment-Service:10.0.1.5:8080")).isEqualTo("payment-service-10-0-1-5-8080");
	}

	@Test
	void sanitizeShouldCollapseAndTrimDashes() {
		assertThat(DnsLabels.sanitize("--a__b..c--")).isEqualTo("a-b-c");
	}

	@Test
	void sanitizeShouldKeepValidLabels() {
		assertThat(DnsLabels.sanitize("order-service")).isEqualTo("order-service");
	}

	@Test
	void sanitizeShouldShortenLongLabelsWithAHash() {
		String host = "ip-10-0-1-5.eu-west-1.compute.internal.example.com";
		String first = DnsLabels.sanitize("payment-service-" + host + "-8080");
		String second = DnsLabels.sanitize("payment-service-" + host + "-8081");
		assertThat(first).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
		assertThat(first).isNotEqualTo(second).startsWith("payment-service-ip-10-0-1-5");
	}

	@Test
	void sanitizeShouldNeverBeEmpty() {
		assertThat(DnsLabels.sanitize("___")).matches("x[0-9a-f]{8}");
	}

}
