package dev.discovery.protocol;

/**
 * What an instance says about itself. Only {@link #UP} instances are offered to callers.
 */
public enum InstanceStatus {

	/** Ready to take traffic. */
	UP,

	/** Running but taken out of rotation, for example while it drains before shutdown. */
	OUT_OF_SERVICE,

	/** Registered but not yet ready. */
	STARTING

}
