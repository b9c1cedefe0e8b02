package dev.discovery.server.web;

import java.util.Map;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The registry's own probes at the paths its clients use ({@code /health}, {@code /health/live},
 * {@code /health/ready}), answered from Boot's availability state without running health indicators, so an
 * orchestrator's probe costs next to nothing. The full report stays at {@code /actuator/health}.
 */
@RestController
class HealthController {

	private static final Map<String, String> UP = Map.of("status", "UP");

	private static final Map<String, String> DOWN = Map.of("status", "DOWN");

	private static final Map<String, String> OUT_OF_SERVICE = Map.of("status", "OUT_OF_SERVICE");

	private final ApplicationAvailability availability;

	HealthController(ApplicationAvailability availability) {
		this.availability = availability;
	}

	@GetMapping("/health/live")
	ResponseEntity<Map<String, String>> live() {
		boolean live = this.availability.getLivenessState() == LivenessState.CORRECT;
		return live ? ResponseEntity.ok(UP) : ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(DOWN);
	}

	@GetMapping({ "/health", "/health/ready" })
	ResponseEntity<Map<String, String>> ready() {
		if (this.availability.getLivenessState() != LivenessState.CORRECT) {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(DOWN);
		}
		boolean ready = this.availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC;
		return ready ? ResponseEntity.ok(UP)
				: ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(OUT_OF_SERVICE);
	}

}
