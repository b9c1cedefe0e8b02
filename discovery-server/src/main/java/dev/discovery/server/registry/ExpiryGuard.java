package dev.discovery.server.registry;

/**
 * Decides whether an instance whose lease has run out may be removed now. The registry consults it under its
 * write lock, once per expired instance, so implementations must return quickly and must not call the registry's
 * write methods. Protection mode uses it to stop expiring instances when too many vanish at once.
 */
@FunctionalInterface
public interface ExpiryGuard {

	/** Lets every expired instance go. */
	ExpiryGuard NONE = (candidate) -> true;

	/**
	 * Whether the instance may be removed.
	 * @param candidate an instance whose lease has run out
	 * @return {@code true} to remove it, {@code false} to keep it until the next expiry run
	 */
	boolean mayExpire(RegisteredInstance candidate);

}
