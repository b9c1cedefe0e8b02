package dev.discovery.server.cluster;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.discovery.server.dns.ExternalPrograms;

/**
 * Starts one real etcd cluster for a test class (never one per test: starting programs is what makes a suite slow)
 * and kills it after the class. Without {@code etcd} installed the class is skipped with the reason; under
 * {@code CI=true} that is a failure instead. Register it as a static field:
 * {@code @RegisterExtension static final EtcdClusterExtension etcd = new EtcdClusterExtension(3);}
 */
public final class EtcdClusterExtension implements BeforeAllCallback, AfterAllCallback {

	private final int size;

	private final boolean tls;

	private @Nullable EtcdCluster cluster;

	private @Nullable TestCertificates certificates;

	public EtcdClusterExtension(int size) {
		this(size, false);
	}

	/**
	 * A cluster of the given size, with TLS on its client URLs (and client certificates required) if asked.
	 * @param size how many members
	 * @param tls whether clients must use TLS with a certificate of {@link #certificates()}
	 */
	public EtcdClusterExtension(int size, boolean tls) {
		this.size = size;
		this.tls = tls;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		Path etcd = ExternalPrograms.require("etcd", "etcd-server");
		Path root = Path.of("target", "etcd", context.getRequiredTestClass().getSimpleName()).toAbsolutePath();
		this.certificates = this.tls ? TestCertificates.create(root.resolveSibling(root.getFileName() + "-certificates"))
				: null;
		this.cluster = EtcdCluster.start(etcd, root, this.size, this.certificates);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		EtcdCluster running = this.cluster;
		if (running != null) {
			running.close();
			this.cluster = null;
		}
	}

	/** The certificates of a TLS cluster. */
	public TestCertificates certificates() {
		TestCertificates made = this.certificates;
		if (made == null) {
			throw new IllegalStateException("This etcd cluster does not use TLS");
		}
		return made;
	}

	/** The running cluster; only between the class's first and last test. */
	public EtcdCluster cluster() {
		EtcdCluster running = this.cluster;
		if (running == null) {
			throw new IllegalStateException("The etcd cluster runs only while the test class does");
		}
		return running;
	}

}
