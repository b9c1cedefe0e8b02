package dev.discovery.client.health;

import java.util.Map;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;

/**
 * What a health endpoint answers.
 *
 * @param status the HTTP status
 * @param body the JSON body
 */
public record ProbeResponse(int status, Object body) {

	/**
	 * Answers from the application's availability state alone, as Actuator's probe groups do with their default
	 * settings. Used when Actuator's health endpoint is absent.
	 * @param probe the probe
	 * @param availability the application availability
	 * @return the response
	 */
	public static ProbeResponse fromAvailability(Probe probe, ApplicationAvailability availability) {
		boolean ready = availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC;
		boolean live = availability.getLivenessState() == LivenessState.CORRECT;
		return switch (probe) {
			case READY -> ready ? up() : new ProbeResponse(503, Map.of("status", "OUT_OF_SERVICE"));
			case LIVE -> live ? up() : down();
			case HEALTH -> (ready && live) ? up() : down();
		};
	}

	private static ProbeResponse up() {
		return new ProbeResponse(200, Map.of("status", "UP"));
	}

	private static ProbeResponse down() {
		return new ProbeResponse(503, Map.of("status", "DOWN"));
	}

}
