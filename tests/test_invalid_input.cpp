// An `approximate` or `accuracy` outside its enumerators: the pointer functions fill their outputs
// with NaN in release builds and assert in debug builds (checked in a child process that must
// abort); the span functions throw std::invalid_argument naming the value. GeGLU included (its
// 16-bit arrays too).
#include <cmath>
#include <csignal>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "bounds.hpp"
#include "catch.hpp"

#ifndef NDEBUG
#include <sys/wait.h>
#include <unistd.h>
#endif

namespace {

const gelu::approximate bad_values[] = {static_cast<gelu::approximate>(3),
                                        static_cast<gelu::approximate>(-1),
                                        static_cast<gelu::approximate>(1000)};
const gelu::accuracy bad_tiers[] = {static_cast<gelu::accuracy>(2),
                                    static_cast<gelu::accuracy>(-1)};

/// Every array function, the outputs prefilled with 7 and an odd length (full batches + tail).
template <class T>
void check_pointer_functions(gelu::approximate a, gelu::accuracy p) {
  const std::size_t n = 37;
  std::vector<T> x(n, T(0.5)), dy(n, T(1)), y(n, T(7)), d(n, T(7)), dx(n, T(7));
  gelu::forward(x.data(), y.data(), n, a, p);
  gelu::backward(dy.data(), x.data(), dx.data(), n, a, p);
  std::vector<T> y2(n, T(7)), gy(n, T(7)), gg(n, T(7)), gu(n, T(7));
  gelu::forward_and_derivative(x.data(), y2.data(), d.data(), n, a, p);
  gelu::geglu_forward(x.data(), dy.data(), gy.data(), n, a, p);
  gelu::geglu_backward(dy.data(), x.data(), dy.data(), gg.data(), gu.data(), n, a, p);
  std::size_t not_nan = 0;
  for (std::size_t i = 0; i < n; ++i)
    not_nan += !std::isnan(y[i]) + !std::isnan(dx[i]) + !std::isnan(y2[i]) + !std::isnan(d[i]) +
               !std::isnan(gy[i]) + !std::isnan(gg[i]) + !std::isnan(gu[i]);
  INFO("approximate = " << static_cast<int>(a) << ", accuracy = " << static_cast<int>(p)
                        << ", outputs not NaN: " << not_nan);
  CHECK(not_nan == 0);
}

/// GeGLU's 16-bit pointer functions, given an invalid `approximate` or `accuracy`, fill their
/// outputs with NaN (release builds; in debug builds they assert, as checked below for float).
template <class S>
void check_invalid16() {
  const std::size_t n = 37;  // full batches and a tail
  std::vector<S> x(n, S(0.5f)), u(n, S(2.0f)), y(n, S(7.0f)), dg(n, S(7.0f)), du(n, S(7.0f));
  std::size_t not_nan = 0;
  for (int k = 0; k < 2; ++k) {
    const gelu::approximate a =
        k == 0 ? static_cast<gelu::approximate>(3) : gelu::approximate::tanh;
    const gelu::accuracy p = k == 0 ? gelu::accuracy::fast : static_cast<gelu::accuracy>(2);
    gelu::geglu_forward(x.data(), u.data(), y.data(), n, a, p);
    gelu::geglu_backward(u.data(), x.data(), u.data(), dg.data(), du.data(), n, a, p);
    for (std::size_t i = 0; i < n; ++i)
      not_nan += !std::isnan(static_cast<float>(y[i])) + !std::isnan(static_cast<float>(dg[i])) +
                 !std::isnan(static_cast<float>(du[i]));
  }
  INFO(gelu_test::type_name<S>());
  CHECK(not_nan == 0);
}

}  // namespace

#ifdef NDEBUG
TEST_CASE("invalid approximate: pointer functions write NaN", "[invalid]") {
  for (gelu::approximate a : bad_values)
    for (gelu::accuracy p : gelu_test::tiers) {
      check_pointer_functions<float>(a, p);
      check_pointer_functions<double>(a, p);
    }
  for (gelu::accuracy p : bad_tiers) {
    check_pointer_functions<float>(gelu::approximate::tanh, p);
    check_pointer_functions<double>(gelu::approximate::none, p);
  }
}
TEST_CASE("geglu: an invalid approximate or accuracy writes NaN (bfloat16, float16)",
          "[geglu][invalid]") {
  check_invalid16<gelu::bfloat16>();
  check_invalid16<gelu::float16>();
}
#else
TEST_CASE("invalid approximate: pointer functions assert in debug builds", "[invalid]") {
  for (int which = 0; which < 6; ++which) {
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {  // the child must die of the failed assert, not of Catch's signal handler
      std::signal(SIGABRT, SIG_DFL);
      float x = 1, y = 0, d = 0;
      if (which == 0) gelu::forward(&x, &y, 1, bad_values[0]);
      if (which == 1) gelu::backward(&x, &x, &y, 1, bad_values[0]);
      if (which == 2) gelu::forward_and_derivative(&x, &y, &d, 1, bad_values[0]);
      if (which == 3) gelu::forward(&x, &y, 1, gelu::approximate::none, bad_tiers[0]);
      if (which == 4) gelu::geglu_forward(&x, &x, &y, 1, bad_values[0]);
      if (which == 5)
        gelu::geglu_backward(&x, &x, &x, &y, &d, 1, gelu::approximate::none, bad_tiers[0]);
      _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    INFO("function " << which);
    CHECK((WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT));
  }
}
#endif

#if GELU_HAS_SPAN
TEST_CASE("invalid approximate: span functions throw, naming the value", "[invalid][span]") {
  std::vector<float> x(5, 1.0f), y(5), d(5);
  std::vector<double> xd(5, 1.0), yd(5);
  for (gelu::approximate a : bad_values) {
    const std::string value = std::to_string(static_cast<int>(a));
    try {
      gelu::forward(x, y, a);
      FAIL("no exception");
    } catch (const std::invalid_argument& e) {
      CHECK(std::string(e.what()).find("approximate has the value " + value) != std::string::npos);
    }
    CHECK_THROWS_AS(gelu::forward(xd, yd, a), std::invalid_argument);
    CHECK_THROWS_AS(gelu::backward(x, x, y, a), std::invalid_argument);
    CHECK_THROWS_AS(gelu::backward(xd, xd, yd, a), std::invalid_argument);
    CHECK_THROWS_AS(gelu::forward_and_derivative(x, y, d, a), std::invalid_argument);
    try {
      gelu::geglu_forward(x, x, y, a);
      FAIL("no exception");
    } catch (const std::invalid_argument& e) {
      CHECK(std::string(e.what()) == "gelu::geglu_forward: approximate has the value " + value +
                                         ", not one of none (0), tanh (1), sigmoid (2)");
    }
    CHECK_THROWS_AS(gelu::geglu_backward(xd, xd, xd, yd, yd, a), std::invalid_argument);
  }
  for (gelu::accuracy p : bad_tiers) {
    const std::string value = std::to_string(static_cast<int>(p));
    try {
      gelu::backward(x, x, y, gelu::approximate::none, p);
      FAIL("no exception");
    } catch (const std::invalid_argument& e) {
      CHECK(std::string(e.what()).find("accuracy has the value " + value) != std::string::npos);
    }
    CHECK_THROWS_AS(gelu::forward(xd, yd, gelu::approximate::tanh, p), std::invalid_argument);
    CHECK_THROWS_AS(gelu::forward_and_derivative(x, y, d, gelu::approximate::none, p),
                    std::invalid_argument);
    try {
      gelu::geglu_backward(x, x, x, y, d, gelu::approximate::none, p);
      FAIL("no exception");
    } catch (const std::invalid_argument& e) {
      CHECK(std::string(e.what()) == "gelu::geglu_backward: accuracy has the value " + value +
                                         ", not one of fast (0), precise (1)");
    }
    CHECK_THROWS_AS(gelu::geglu_forward(xd, xd, yd, gelu::approximate::tanh, p),
                    std::invalid_argument);
  }
}
#endif
