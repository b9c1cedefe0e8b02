package dev.discovery.server.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.function.SingletonSupplier;

import dev.discovery.protocol.HealthCheckType;
import dev.discovery.server.registry.InstanceSpec;
import dev.discovery.server.registry.InvalidRequestException;
import dev.discovery.server.registry.InvalidRequestException.FieldError;

/**
 * Checks a registering instance's address before the registry accepts it. An instance with an HTTP or TCP check (or
 * any instance, with the connect-back on) must have an address the {@link TargetPolicy} lets the registry reach,
 * else it is refused (422). Optionally it also connects back to the host and port, so a wrong interface or a
 * container-bridge address is refused at once instead of failing health checks later; that is off by default: it
 * needs the registry to reach every instance, and it holds the registration request for up to the timeout.
 */
public class AddressVerifier {

	private final TargetPolicy targets;

	private final boolean connectBack;

	private final Duration timeout;

	/**
	 * Creates a verifier.
	 * @param targets which addresses the registry may reach
	 * @param connectBack whether to connect back to every registering instance
	 * @param timeout how long the connect-back may take
	 */
	public AddressVerifier(TargetPolicy targets, boolean connectBack, Duration timeout) {
		this.targets = targets;
		this.connectBack = connectBack;
		this.timeout = timeout;
	}

	/**
	 * The verifier, looked up once on first use: {@code ObjectProvider.ifAvailable} resolves the dependency again on
	 * every call (qualifiers, annotations), which cost a registration more than validating it.
	 * @param provider the provider of the verifier
	 * @return a supplier of the verifier, {@code null} when there is none
	 */
	public static Supplier<@Nullable AddressVerifier> once(ObjectProvider<AddressVerifier> provider) {
		return SingletonSupplier.of(provider::getIfAvailable);
	}

	/**
	 * Checks that the registry may reach the instance and, with the connect-back on, that it can open a TCP
	 * connection to it.
	 * @param spec the validated registration
	 * @throws InvalidRequestException naming the address and what went wrong
	 */
	public void verify(InstanceSpec spec) {
		HealthCheckType type = spec.healthCheck().type();
		if (!this.connectBack && type != HealthCheckType.HTTP && type != HealthCheckType.TCP) {
			return;
		}
		String refusal = this.targets.refusal(spec.host(), spec.port());
		if (refusal != null) {
			throw new InvalidRequestException(List.of(new FieldError("host", "the registry does not check " + refusal
					+ " (discovery.server.health.targets): register the instance's own, reachable address")), false);
		}
		if (this.connectBack) {
			connect(spec);
		}
	}

	private void connect(InstanceSpec spec) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(spec.host(), spec.port()), (int) this.timeout.toMillis());
		}
		catch (IOException ex) {
			throw new InvalidRequestException(List.of(new FieldError("port", "the registry cannot connect to "
					+ spec.host() + ":" + spec.port() + " (" + CheckResult.describe(ex)
					+ "): register an address other hosts can reach")), false);
		}
	}

}
