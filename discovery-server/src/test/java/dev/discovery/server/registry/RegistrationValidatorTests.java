package dev.discovery.server.registry;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.discovery.protocol.HealthCheckSpec;
import dev.discovery.protocol.HealthCheckType;
import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.server.config.LimitsProperties;
import dev.discovery.server.lease.LeaseProperties;
import dev.discovery.server.registry.InvalidRequestException.FieldError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RegistrationValidatorTests {

	private final RegistrationValidator validator = new RegistrationValidator(new LeaseProperties(), new LimitsProperties(),
			HealthCheckDefaults.standard());

	@Test
	void namesShouldBeLowerCasedDnsLabels() {
		assertThat(RegistrationValidator.serviceName("Payment-Service")).isEqualTo("payment-service");
		assertThat(RegistrationValidator.instanceId("a1")).isEqualTo("a1");
	}

	@Test
	void badNamesShouldBeRefusedAsPathErrors() {
		for (String bad : List.of("", "-a", "a-", "a_b", "a.b", "ä", "x".repeat(64), "../etc", "a b")) {
			assertThatExceptionOfType(InvalidRequestException.class)
				.isThrownBy(() -> RegistrationValidator.serviceName(bad))
				.satisfies((ex) -> assertThat(ex.isInPath()).isTrue());
		}
		assertThat(RegistrationValidator.serviceName("x".repeat(63))).hasSize(63);
	}

	@Test
	void missingBodyShouldBeRefused() {
		assertThat(errors(null)).extracting(FieldError::field).containsExactly("body");
	}

	@Test
	void everyBadFieldShouldBeReportedAtOnce() {
		InstanceRegistration bad = new InstanceRegistration("not a host!", 0, null, Map.of("k\u0000", "v"),
				List.of("ok", "bad\ntag"), null, 5000, "1x", null, null);
		assertThat(errors(bad)).extracting(FieldError::field).contains("host", "port", "weight", "leaseTtl")
			.anyMatch((field) -> field.startsWith("metadata"))
			.anyMatch((field) -> field.startsWith("tags"));
	}

	@Test
	void hostsShouldAcceptIpsAndHostNames() {
		for (String good : List.of("10.0.0.1", "::1", "fe80::1", "payment.internal", "my-host", "localhost")) {
			assertThat(RegistrationValidator.validHost(good)).as(good).isTrue();
		}
		for (String bad : List.of("300.1.1.1", "-x.com", "a..b", "a b", "http://x", "x".repeat(254))) {
			assertThat(RegistrationValidator.validHost(bad)).as(bad).isFalse();
		}
	}

	@Test
	void metadataShouldBeBounded() {
		Map<String, String> tooMany = new HashMap<>();
		for (int i = 0; i < 65; i++) {
			tooMany.put("k" + i, "v");
		}
		assertThat(errors(withMetadata(tooMany))).extracting(FieldError::field).containsExactly("metadata");
		assertThat(errors(withMetadata(Map.of("k".repeat(129), "v")))).isNotEmpty();
		assertThat(errors(withMetadata(Map.of("k", "v".repeat(1025))))).isNotEmpty();
	}

	@Test
	void leaseTtlShouldBeClampedToServerBounds() {
		assertThat(this.validator.validate(withTtl("1s")).leaseTtl()).isEqualTo(Duration.ofSeconds(5));
		assertThat(this.validator.validate(withTtl("1h")).leaseTtl()).isEqualTo(Duration.ofMinutes(5));
		assertThat(this.validator.validate(withTtl(null)).leaseTtl()).isEqualTo(Duration.ofSeconds(15));
		assertThat(this.validator.validate(withTtl("PT30S")).leaseTtl()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void zoneAndWeightShouldComeFromMetadataToo() {
		InstanceSpec spec = this.validator.validate(withMetadata(Map.of("zone", "eu-1", "weight", "7")));
		assertThat(spec.zone()).isEqualTo("eu-1");
		assertThat(spec.weight()).isEqualTo(7);
		assertThat(errors(withMetadata(Map.of("weight", "heavy")))).extracting(FieldError::field)
			.containsExactly("metadata.weight");
	}

	@Test
	void healthCheckShouldBeFilledWithDefaults() {
		InstanceRegistration http = new InstanceRegistration("10.0.0.1", 8080, null, null, null, null, null, null,
				new HealthCheckSpec(HealthCheckType.HTTP, null, null, null, null, null, null), null);
		HealthCheckSpec check = this.validator.validate(http).healthCheck();
		assertThat(check.path()).isEqualTo("/health/ready");
		assertThat(check.interval()).isEqualTo("5s");
		assertThat(check.failureThreshold()).isEqualTo(3);
	}

	private List<FieldError> errors(InstanceRegistration registration) {
		try {
			this.validator.validate(registration);
			return List.of();
		}
		catch (InvalidRequestException ex) {
			return ex.getErrors();
		}
	}

	private static InstanceRegistration withMetadata(Map<String, String> metadata) {
		return new InstanceRegistration("10.0.0.1", 8080, null, metadata, null, null, null, null, null, null);
	}

	private static InstanceRegistration withTtl(String ttl) {
		return new InstanceRegistration("10.0.0.1", 8080, null, null, null, null, null, ttl, null, null);
	}

}
