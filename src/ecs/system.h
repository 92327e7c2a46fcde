#pragma once
// Systems: a named function over the World with a declared access set, the component and resource types it
// reads and those it writes. The Schedule derives all ordering and overlap from these sets: two systems
// conflict when either writes a type the other reads or writes, or when either is exclusive.
//
// A system touches only what it declares. SystemContext::query() and resource() check the declaration (once
// per call, not per entity) and throw tessera::Error on an undeclared access; a system reached through
// world() is on its honour. Structural changes go to commands(), applied when the stage ends; only an
// exclusive system, which runs alone, may change the World's structure directly.

#include "base/jobs.h"
#include "ecs/commands.h"
#include "ecs/query.h"
#include "ecs/type_id.h"
#include "ecs/world.h"

#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace tessera::ecs {

struct Access {
    TypeSet reads;
    TypeSet writes;
    bool exclusive = false;

    bool conflicts_with(const Access& other) const {
        return exclusive || other.exclusive || (writes & (other.reads | other.writes)).any() ||
               (other.writes & reads).any();
    }
};

// What a running system sees. Made by the Schedule for one run of one system; valid during that run only.
class SystemContext {
public:
    SystemContext(World& world, JobSystem& jobs, Commands& commands, std::string_view name,
                  const Access& access)
        : world_(world), jobs_(jobs), commands_(commands), name_(name), access_(access) {}

    World& world() const { return world_; }
    JobSystem& jobs() const { return jobs_; }
    Commands& commands() const { return commands_; }  // this system's own buffer
    std::string_view name() const { return name_; }

    // Query<Cs...> over the World; `const T` needs T read or written, `T` needs T written.
    template <typename... Cs>
    Query<Cs...> query() const {
        (check<Cs>(), ...);
        return Query<Cs...>(world_);
    }
    // The resource T (`const T` for read access); throws if undeclared or absent.
    template <typename T>
    T& resource() const {
        check<T>();
        return world_.resource<T>();
    }

private:
    template <typename T>
    void check() const {
        const TypeId id = type_id<T>();
        if (access_.exclusive || access_.writes.test(id)) return;
        if (std::is_const_v<T> && access_.reads.test(id)) return;
        undeclared(id, !std::is_const_v<T>);
    }
    [[noreturn]] void undeclared(TypeId type, bool write) const;

    World& world_;
    JobSystem& jobs_;
    Commands& commands_;
    std::string_view name_;
    const Access& access_;
};

using SystemFunction = std::function<void(SystemContext&)>;

// A declaration: System("motion", fn).reads<Velocity, Clock>().writes<Position>(). Types may be components or
// resources alike.
class System {
public:
    System(std::string name, SystemFunction function)
        : name_(std::move(name)), function_(std::move(function)) {}

    template <typename... Ts>
    System& reads() {
        (access_.reads.set(type_id<Ts>()), ...);
        return *this;
    }
    template <typename... Ts>
    System& writes() {
        (access_.writes.set(type_id<Ts>()), ...);
        return *this;
    }
    // Runs alone, after every earlier system of its stage and before every later one.
    System& exclusive() {
        access_.exclusive = true;
        return *this;
    }

    const std::string& name() const { return name_; }
    const Access& access() const { return access_; }
    const SystemFunction& function() const { return function_; }

private:
    std::string name_;
    SystemFunction function_;
    Access access_;
};

}  // namespace tessera::ecs
