package dev.discovery.server.registry;

/**
 * The store could not make a write durable in time: its backend is unreachable, too slow, or failing (a full
 * disk, an etcd cluster without quorum). The API answers {@code 503} with a problem detail. The write may or may
 * not have taken effect; every write is safe to retry.
 */
public class StoreUnavailableException extends RuntimeException {

	public StoreUnavailableException(String message) {
		super(message);
	}

	public StoreUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
