package dev.discovery.server.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

import dev.discovery.server.registry.InstanceSpec;
import dev.discovery.server.registry.InvalidRequestException;
import dev.discovery.server.registry.InvalidRequestException.FieldError;

/**
 * Connects back to a registering instance's host and port before the registry accepts it, so a wrong interface or
 * a container-bridge address is refused at once (422) instead of failing health checks later. Off by default: it
 * needs the registry to reach every instance, and it holds the registration request for up to the timeout.
 */
public class AddressVerifier {

	private final Duration timeout;

	public AddressVerifier(Duration timeout) {
		this.timeout = timeout;
	}

	/**
	 * Checks that the registry can open a TCP connection to the instance.
	 * @param spec the validated registration
	 * @throws InvalidRequestException naming the address and what went wrong
	 */
	public void verify(InstanceSpec spec) {
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
