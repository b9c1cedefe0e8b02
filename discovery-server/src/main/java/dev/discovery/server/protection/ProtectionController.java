package dev.discovery.server.protection;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/protection}: whether protection mode holds back instance losses, for which services and why.
 */
@RestController
class ProtectionController {

	private final ProtectionMode protection;

	ProtectionController(ProtectionMode protection) {
		this.protection = protection;
	}

	@GetMapping("/api/v1/protection")
	ResponseEntity<ProtectionReport> protection() {
		return ResponseEntity.ok(this.protection.report());
	}

}
