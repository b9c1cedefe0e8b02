package dev.discovery.server.web;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.ModelAndView;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BodySizeLimitFilterTests {

	private final BodySizeLimitFilter filter = new BodySizeLimitFilter(10, (request, response, handler, ex) -> {
		response.setStatus(413);
		return new ModelAndView();
	});

	@Test
	void aDeclaredLengthOverTheLimitShouldBeRefusedUnread() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request(new byte[11], true), response, (req, res) -> {
			throw new AssertionError("Passed on");
		});
		assertThat(response.getStatus()).isEqualTo(413);
	}

	@Test
	void aChunkedBodyShouldBeRefusedOnceItsReadingPassesTheLimit() {
		AtomicInteger read = new AtomicInteger();
		assertThatExceptionOfType(BodyTooLargeException.class)
			.isThrownBy(() -> this.filter.doFilter(request(new byte[11], false), new MockHttpServletResponse(),
					(req, res) -> {
						byte[] buffer = new byte[4];
						while (req.getInputStream().read(buffer, 0, buffer.length) > 0) {
							read.incrementAndGet();
						}
					}));
		assertThat(read).hasValue(2);
	}

	@Test
	void aChunkedBodyWithinTheLimitShouldBeReadWhole() throws Exception {
		AtomicInteger length = new AtomicInteger();
		this.filter.doFilter(request(new byte[10], false), new MockHttpServletResponse(),
				(req, res) -> length.set(req.getInputStream().readAllBytes().length));
		assertThat(length).hasValue(10);
	}

	private static jakarta.servlet.http.HttpServletRequest request(byte[] body, boolean declared) {
		MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/api/v1/services/pay/instances/pay-1");
		request.setContent(body);
		return declared ? request : new HttpServletRequestWrapper(request) {
			@Override
			public long getContentLengthLong() {
				return -1;
			}
		};
	}

}
