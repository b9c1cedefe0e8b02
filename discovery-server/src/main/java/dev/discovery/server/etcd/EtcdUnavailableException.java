package dev.discovery.server.etcd;

/**
 * etcd did not answer a write in time, or refused it for want of a leader: the registry is read-only until it is
 * back. Answered with 503 and a problem detail; the request changed nothing the caller can rely on.
 */
public class EtcdUnavailableException extends RuntimeException {

	public EtcdUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
