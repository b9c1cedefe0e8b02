package dev.discovery.client.registry;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Whether the registry refuses this client's token. A 401 or 403 is not transient: it is logged once at ERROR with
 * what to fix, kept per operation for the {@code discoveryRegistry} health indicator, and forgotten when the same
 * operation succeeds again (tokens get rotated, roles get granted).
 */
public final class RegistryAccess {

	private static final Log logger = LogFactory.getLog(RegistryAccess.class);

	private final Map<String, RegistryException> refused = new ConcurrentHashMap<>();

	/**
	 * Records that the registry refused an operation.
	 * @param operation what was refused ({@code register}, {@code heartbeat}, {@code watch}...)
	 * @param ex the refusal
	 */
	public void refused(String operation, RegistryException ex) {
		if (this.refused.put(operation, ex) == null) {
			logger.error(advice(operation, ex));
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Still refused: " + ex.getMessage());
		}
	}

	/**
	 * Records that the registry allowed an operation.
	 * @param operation the operation
	 */
	public void allowed(String operation) {
		RegistryException before = this.refused.remove(operation);
		if (before != null) {
			logger.info("Registry " + before.getRegistryUrl() + " accepts " + operation + " requests again");
		}
	}

	/**
	 * The operations the registry refuses now, with why.
	 * @return the refusal message per operation, sorted by operation; empty when nothing is refused
	 */
	public Map<String, String> refusals() {
		Map<String, String> refusals = new TreeMap<>();
		this.refused.forEach((operation, ex) -> refusals.put(operation, ex.getMessage()));
		return refusals;
	}

	static String advice(String operation, RegistryException ex) {
		String fix = (ex.getStatus() == 401)
				? "set discovery.registry.token to a token the registry accepts (one of its "
						+ "discovery.server.security.tokens)"
				: "give the token of discovery.registry.token the role this needs on the registry: 'register' for "
						+ "this service's writes, 'read' for lookups and the watch";
		return "Registry " + ex.getRegistryUrl() + " refused " + operation + " (" + ex.getStatus() + "): " + fix
				+ ". Retrying at the longest back-off. " + ex.getMessage();
	}

}
