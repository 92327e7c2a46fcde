// The fly camera without a window: input states and time steps in, exact positions and orientations out.
#include "render/fly_camera.h"

#include <gtest/gtest.h>
#include <glm/gtc/constants.hpp>

#include <cmath>

namespace tessera::render {
namespace {

constexpr float kEps = 1e-4f;

Camera looking_down_minus_z() {
    Camera c;
    c.position = {1, 2, 3};
    c.target = {1, 2, 2};
    c.fov_degrees = 75.0f;
    return c;
}

void expect_vec(glm::vec3 actual, glm::vec3 expected) {
    EXPECT_NEAR(actual.x, expected.x, kEps);
    EXPECT_NEAR(actual.y, expected.y, kEps);
    EXPECT_NEAR(actual.z, expected.z, kEps);
}

TEST(FlyCamera, TakesOverWithoutAJump) {
    Camera start;
    start.position = {10, 20, 30};
    start.target = {0, 0, 0};
    start.near_plane = 0.5f;
    const FlyCamera fly(start, 10.0f);
    const Camera c = fly.camera();
    expect_vec(c.position, start.position);
    expect_vec(glm::normalize(c.target - c.position), glm::normalize(start.target - start.position));
    EXPECT_EQ(c.near_plane, 0.5f);
    EXPECT_EQ(c.fov_degrees, start.fov_degrees);
}

TEST(FlyCamera, NoInputStaysPut) {
    FlyCamera fly(looking_down_minus_z(), 10.0f);
    fly.update({}, 0.1);
    expect_vec(fly.position(), {1, 2, 3});
    EXPECT_NEAR(fly.yaw(), 0.0f, kEps);
    EXPECT_NEAR(fly.pitch(), 0.0f, kEps);
}

TEST(FlyCamera, EachKeyMovesAlongItsAxisAtUnitsPerSecond) {
    struct Case {
        FlyInput input;
        glm::vec3 expected;
    };
    FlyInput w, s, a, d, q, e;
    w.forward = true;
    s.back = true;
    a.left = true;
    d.right = true;
    q.down = true;
    e.up = true;
    // 10 units/s for 0.2 s: 2 units.
    for (const Case& c : {Case{w, {1, 2, 1}}, Case{s, {1, 2, 5}}, Case{a, {-1, 2, 3}}, Case{d, {3, 2, 3}},
                          Case{q, {1, 0, 3}}, Case{e, {1, 4, 3}}}) {
        FlyCamera fly(looking_down_minus_z(), 10.0f);
        fly.update(c.input, 0.2);
        expect_vec(fly.position(), c.expected);
    }
}

TEST(FlyCamera, MovementDependsOnTimeNotOnFrameCount) {
    FlyInput w;
    w.forward = true;
    FlyCamera one_step(looking_down_minus_z(), 10.0f), many_steps(looking_down_minus_z(), 10.0f);
    one_step.update(w, 0.2);
    for (int i = 0; i < 20; ++i) many_steps.update(w, 0.01);
    expect_vec(many_steps.position(), one_step.position());
}

TEST(FlyCamera, DiagonalIsNoFaster) {
    FlyInput wd;
    wd.forward = wd.right = true;
    FlyCamera fly(looking_down_minus_z(), 10.0f);
    fly.update(wd, 0.1);
    EXPECT_NEAR(glm::length(fly.position() - glm::vec3(1, 2, 3)), 1.0f, kEps);
    FlyInput opposite;
    opposite.forward = opposite.back = true;
    fly.update(opposite, 0.1);
    EXPECT_NEAR(glm::length(fly.position() - glm::vec3(1, 2, 3)), 1.0f, kEps);
}

TEST(FlyCamera, LongStallsAreClamped) {
    FlyInput w;
    w.forward = true;
    FlyCamera fly(looking_down_minus_z(), 10.0f);
    fly.update(w, 5.0);
    expect_vec(fly.position(), {1, 2, 3 - 10.0f * float(FlyCamera::kMaxStepSeconds)});
    fly.update(w, -1.0);  // a clock that went backwards moves nothing
    expect_vec(fly.position(), {1, 2, 3 - 10.0f * float(FlyCamera::kMaxStepSeconds)});
}

TEST(FlyCamera, MouseTurnsOnlyWhileTheRightButtonIsHeld) {
    FlyCamera fly(looking_down_minus_z(), 10.0f);
    FlyInput move;
    move.mouse_delta = {100, 0};
    fly.update(move, 0.0);
    EXPECT_NEAR(fly.yaw(), 0.0f, kEps);
    move.looking = true;
    fly.update(move, 0.0);
    EXPECT_NEAR(fly.yaw(), 100 * FlyCamera::kLookRadiansPerPixel, kEps);
    // A quarter turn to the right (+x) then forward: moves along +X.
    const float quarter = glm::half_pi<float>() - fly.yaw();
    move.mouse_delta = {quarter / FlyCamera::kLookRadiansPerPixel, 0};
    fly.update(move, 0.0);
    expect_vec(fly.forward(), {1, 0, 0});
    FlyInput w;
    w.forward = true;
    fly.update(w, 0.1);
    expect_vec(fly.position(), {2, 2, 3});
    // Strafing right now goes along +Z.
    FlyInput d;
    d.right = true;
    fly.update(d, 0.1);
    expect_vec(fly.position(), {2, 2, 4});
}

TEST(FlyCamera, MouseUpLooksUpAndPitchIsClamped) {
    FlyCamera fly(looking_down_minus_z(), 10.0f);
    FlyInput look;
    look.looking = true;
    look.mouse_delta = {0, -200};  // the cursor moves up the screen
    fly.update(look, 0.0);
    EXPECT_NEAR(fly.pitch(), 200 * FlyCamera::kLookRadiansPerPixel, kEps);
    EXPECT_GT(fly.forward().y, 0.0f);
    look.mouse_delta = {0, -100000};
    fly.update(look, 0.0);
    EXPECT_NEAR(fly.pitch(), FlyCamera::kMaxPitchRadians, kEps);
    look.mouse_delta = {0, 100000};
    fly.update(look, 0.0);
    EXPECT_NEAR(fly.pitch(), -FlyCamera::kMaxPitchRadians, kEps);
    // The view never degenerates: target minus position stays a unit vector away from straight down.
    const Camera c = fly.camera();
    EXPECT_NEAR(glm::length(c.target - c.position), 1.0f, kEps);
    EXPECT_LT(std::abs(glm::normalize(c.target - c.position).y), 1.0f);
}

TEST(FlyCamera, ScrollScalesSpeedWithinBounds) {
    FlyCamera fly(looking_down_minus_z(), 10.0f);
    FlyInput scroll;
    scroll.scroll_steps = 2;
    fly.update(scroll, 0.0);
    EXPECT_NEAR(fly.speed_scale(), 1.5625f, kEps);
    EXPECT_NEAR(fly.units_per_second(), 15.625f, kEps);
    FlyInput w;
    w.forward = true;
    fly.update(w, 0.1);
    expect_vec(fly.position(), {1, 2, 3 - 1.5625f});
    scroll.scroll_steps = 1000;
    fly.update(scroll, 0.0);
    EXPECT_EQ(fly.speed_scale(), FlyCamera::kMaxSpeedScale);
    scroll.scroll_steps = -1000;
    fly.update(scroll, 0.0);
    EXPECT_EQ(fly.speed_scale(), FlyCamera::kMinSpeedScale);
}

TEST(FlyCamera, SpeedFollowsTheSceneSize) {
    EXPECT_NEAR(fly_speed_for({{0, 0, 0}, {100, 5, 50}}), 10.0f, kEps);
    EXPECT_EQ(fly_speed_for({{0, 0, 0}, {1, 1, 1}}), 1.0f);  // never slower than a unit a second
}

}  // namespace
}  // namespace tessera::render
