package dev.discovery.server.eureka;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.discovery.server.reads.EncodedList;
import dev.discovery.server.registry.RegistryReads;

/**
 * The reads a Eureka client makes: the full registry, the delta, one application, one instance, and the instances
 * of a (secure) virtual host name. Every instance of the registry is listed, whichever API registered it and
 * whatever its status: Eureka clients filter on {@code UP} themselves.
 */
@RestController
@ConditionalOnBooleanProperty(name = "discovery.server.eureka.enabled", matchIfMissing = true)
@RequestMapping("/eureka")
class EurekaReadController {

	private final RegistryReads registry;

	private final EurekaDocuments documents;

	private final EurekaMetrics metrics;

	EurekaReadController(RegistryReads registry, EurekaDocuments documents, EurekaMetrics metrics) {
		this.registry = registry;
		this.documents = documents;
		this.metrics = metrics;
	}

	@GetMapping({ "/apps", "/apps/" })
	ResponseEntity<byte[]> applications(@RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept,
			@RequestHeader(name = HttpHeaders.ACCEPT_ENCODING, required = false) @Nullable String encoding) {
		EurekaFormat format = EurekaFormat.accepting(accept);
		this.metrics.fetched(true);
		return document(format, this.documents.applications(format), encoding);
	}

	@GetMapping({ "/apps/delta", "/apps/delta/" })
	ResponseEntity<byte[]> delta(@RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept,
			@RequestHeader(name = HttpHeaders.ACCEPT_ENCODING, required = false) @Nullable String encoding) {
		EurekaFormat format = EurekaFormat.accepting(accept);
		this.metrics.fetched(false);
		return document(format, this.documents.delta(format), encoding);
	}

	@GetMapping({ "/apps/{app}", "/apps/{app}/" })
	ResponseEntity<byte[]> application(@PathVariable String app,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept) {
		EurekaFormat format = EurekaFormat.accepting(accept);
		return answer(format, this.documents.application(EurekaIds.service(app), format));
	}

	@GetMapping("/apps/{app}/{id}")
	ResponseEntity<byte[]> instance(@PathVariable String app, @PathVariable String id,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept) {
		EurekaFormat format = EurekaFormat.accepting(accept);
		return answer(format, this.documents
			.instance(this.registry.instance(EurekaIds.service(app), EurekaIds.instanceId(id)), format));
	}

	@GetMapping("/instances/{id}")
	ResponseEntity<byte[]> instanceById(@PathVariable String id,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept) {
		EurekaFormat format = EurekaFormat.accepting(accept);
		return answer(format, this.documents.instance(this.documents.instanceById(id), format));
	}

	@GetMapping("/vips/{vip}")
	ResponseEntity<byte[]> vip(@PathVariable String vip,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept) {
		EurekaFormat format = EurekaFormat.accepting(accept);
		return answer(format, this.documents.vip(vip, false, format));
	}

	@GetMapping("/svips/{svip}")
	ResponseEntity<byte[]> secureVip(@PathVariable String svip,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept) {
		EurekaFormat format = EurekaFormat.accepting(accept);
		return answer(format, this.documents.vip(svip, true, format));
	}

	/**
	 * The full registry or the delta, compressed when the client accepts gzip as Eureka's own server does (the
	 * document of a large registry is megabytes; the compressed form is kept with it until it changes).
	 */
	private static ResponseEntity<byte[]> document(EurekaFormat format, EncodedList document,
			@Nullable String encoding) {
		ResponseEntity.BodyBuilder answer = ResponseEntity.ok()
			.contentType(format.mediaType())
			.header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
		if (EncodedList.acceptsGzip(encoding)) {
			return answer.header(HttpHeaders.CONTENT_ENCODING, "gzip").body(document.gzipped());
		}
		return answer.body(document.body());
	}

	private static ResponseEntity<byte[]> answer(EurekaFormat format, byte[] body) {
		return ResponseEntity.ok().contentType(format.mediaType()).body(body);
	}

}
