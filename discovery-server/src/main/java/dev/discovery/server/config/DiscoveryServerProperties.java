package dev.discovery.server.config;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the registry server, under {@code discovery.server}.
 */
@ConfigurationProperties("discovery.server")
public class DiscoveryServerProperties {

	private final Lease lease = new Lease();

	private final Limits limits = new Limits();

	private final Snapshot snapshot = new Snapshot();

	public Lease getLease() {
		return this.lease;
	}

	public Limits getLimits() {
		return this.limits;
	}

	public Snapshot getSnapshot() {
		return this.snapshot;
	}

	/**
	 * Instance leases.
	 */
	public static class Lease {

		/** Lease TTL of a registration that does not ask for one. */
		private Duration defaultTtl = Duration.ofSeconds(15);

		/** Shortest lease TTL granted; shorter requests are raised to it. */
		private Duration minTtl = Duration.ofSeconds(5);

		/** Longest lease TTL granted; longer requests are lowered to it. */
		private Duration maxTtl = Duration.ofMinutes(5);

		/** How often expired leases are looked for. */
		private Duration evictionInterval = Duration.ofSeconds(1);

		public Duration getDefaultTtl() {
			return this.defaultTtl;
		}

		public void setDefaultTtl(Duration defaultTtl) {
			this.defaultTtl = defaultTtl;
		}

		public Duration getMinTtl() {
			return this.minTtl;
		}

		public void setMinTtl(Duration minTtl) {
			this.minTtl = minTtl;
		}

		public Duration getMaxTtl() {
			return this.maxTtl;
		}

		public void setMaxTtl(Duration maxTtl) {
			this.maxTtl = maxTtl;
		}

		public Duration getEvictionInterval() {
			return this.evictionInterval;
		}

		public void setEvictionInterval(Duration evictionInterval) {
			this.evictionInterval = evictionInterval;
		}

	}

	/**
	 * Bounds on what a request may carry.
	 */
	public static class Limits {

		/** Largest request body accepted. */
		private DataSize maxBodySize = DataSize.ofKilobytes(64);

		/** Most metadata entries per instance. */
		private int maxMetadataEntries = 64;

		/** Longest metadata key, in characters. */
		private int maxMetadataKeyLength = 128;

		/** Longest metadata value, in characters. */
		private int maxMetadataValueLength = 1024;

		/** Most tags per instance. */
		private int maxTags = 32;

		/** Longest tag, in characters. */
		private int maxTagLength = 128;

		/** Most instances one service may have; registrations beyond it answer 409. */
		private int maxInstancesPerService = 5_000;

		/** Most instances the registry holds in all; registrations beyond it answer 409. */
		private int maxInstances = 250_000;

		/** Writes per second each client (token, or address when open) may send; 0 turns limiting off. */
		private int writeRate = 500;

		/** Writes a client may send at once before the rate applies. */
		private int writeBurst = 1_000;

		public DataSize getMaxBodySize() {
			return this.maxBodySize;
		}

		public void setMaxBodySize(DataSize maxBodySize) {
			this.maxBodySize = maxBodySize;
		}

		public int getMaxMetadataEntries() {
			return this.maxMetadataEntries;
		}

		public void setMaxMetadataEntries(int maxMetadataEntries) {
			this.maxMetadataEntries = maxMetadataEntries;
		}

		public int getMaxMetadataKeyLength() {
			return this.maxMetadataKeyLength;
		}

		public void setMaxMetadataKeyLength(int maxMetadataKeyLength) {
			this.maxMetadataKeyLength = maxMetadataKeyLength;
		}

		public int getMaxMetadataValueLength() {
			return this.maxMetadataValueLength;
		}

		public void setMaxMetadataValueLength(int maxMetadataValueLength) {
			this.maxMetadataValueLength = maxMetadataValueLength;
		}

		public int getMaxTags() {
			return this.maxTags;
		}

		public void setMaxTags(int maxTags) {
			this.maxTags = maxTags;
		}

		public int getMaxTagLength() {
			return this.maxTagLength;
		}

		public void setMaxTagLength(int maxTagLength) {
			this.maxTagLength = maxTagLength;
		}

		public int getMaxInstancesPerService() {
			return this.maxInstancesPerService;
		}

		public void setMaxInstancesPerService(int maxInstancesPerService) {
			this.maxInstancesPerService = maxInstancesPerService;
		}

		public int getMaxInstances() {
			return this.maxInstances;
		}

		public void setMaxInstances(int maxInstances) {
			this.maxInstances = maxInstances;
		}

		public int getWriteRate() {
			return this.writeRate;
		}

		public void setWriteRate(int writeRate) {
			this.writeRate = writeRate;
		}

		public int getWriteBurst() {
			return this.writeBurst;
		}

		public void setWriteBurst(int writeBurst) {
			this.writeBurst = writeBurst;
		}

	}

	/**
	 * The snapshot written on graceful stop and read on start.
	 */
	public static class Snapshot {

		/** Whether to write a snapshot on stop and restore it on start. */
		private boolean enabled = true;

		/** Where the snapshot file lives. */
		private Path path = Path.of("data", "registry-snapshot.json");

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Path getPath() {
			return this.path;
		}

		public void setPath(Path path) {
			this.path = path;
		}

	}

}
