package dev.discovery.server.web;

/**
 * A request body larger than the registry accepts. Nothing was read past the limit and nothing was changed.
 */
class BodyTooLargeException extends RuntimeException {

	private final long limit;

	BodyTooLargeException(long limit) {
		super("Request body is larger than the limit of " + limit + " bytes");
		this.limit = limit;
	}

	long getLimit() {
		return this.limit;
	}

}
