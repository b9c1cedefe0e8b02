package dev.discovery.client.resilience;

/**
 * Hears of each retry (for metrics).
 */
@FunctionalInterface
public interface RetryListener {

	/** Hears nothing. */
	RetryListener NONE = (service, failure) -> {
	};

	/**
	 * A call is about to be sent to another instance.
	 * @param service the service called
	 * @param failure how the previous attempt failed
	 */
	void retried(String service, CallFailure failure);

}
