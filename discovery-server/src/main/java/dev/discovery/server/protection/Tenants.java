package dev.discovery.server.protection;

/**
 * Who may write a service, as protection mode needs to know it: losses count, and instances are held, only within
 * the tenant whose clients could have caused them, so one tenant's lapsed leases never hold another's dead instances.
 */
@FunctionalInterface
public interface Tenants {

	/** The name of the single tenant of a registry without tokens, where every client may write every service. */
	String EVERYONE = "*";

	/** Every service belongs to one tenant: the whole registry. */
	Tenants ONE = (service) -> EVERYONE;

	/**
	 * The tenant of a service: the same name for services that exactly the same clients may write.
	 * @param service the service name
	 * @return the tenant's name
	 */
	String tenantOf(String service);

}
