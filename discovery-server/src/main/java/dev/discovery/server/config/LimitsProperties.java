package dev.discovery.server.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Bounds on what a request may carry and on how much the registry holds, under {@code discovery.server.limits}.
 * Shared: the registry, its validation, the web layer and the write rate limiter all read them.
 */
@ConfigurationProperties("discovery.server.limits")
public class LimitsProperties {

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
