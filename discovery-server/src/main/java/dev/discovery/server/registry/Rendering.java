package dev.discovery.server.registry;

import java.util.List;

/**
 * A caller's rendering of one service's instances (an encoded answer, say) that the registry keeps with the service
 * and hands out again until what it shows changes. Renderings are compared by identity: use one instance per kind.
 *
 * @param <T> what the rendering makes
 */
public interface Rendering<T> {

	/**
	 * Whether the rendering shows only the instances that should get traffic.
	 * @return {@code true} to be given the passing instances only
	 */
	boolean passingOnly();

	/**
	 * Whether the rendering shows what changes without a change index: lease times and check output. Such a
	 * rendering is made again after every heartbeat; one that does not is kept until the service's index moves.
	 * @return {@code true} if it shows liveness
	 */
	boolean showsLiveness();

	/**
	 * Renders the instances.
	 * @param serviceIndex the index of the service's last change, read before the instances
	 * @param version moves on every change to the service, heartbeats included, read before the instances
	 * @param instances the instances, sorted by id
	 * @return the rendering
	 */
	T render(long serviceIndex, long version, List<RegisteredInstance> instances);

}
