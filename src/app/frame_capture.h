#pragma once
// --capture-frame N: a RenderDoc capture of one frame through RenderDoc's in-application API, when Tessera
// runs under RenderDoc (`renderdoccmd capture`, or launched from qrenderdoc). RenderDoc's library is only
// looked up among those already loaded into the process, never loaded: without RenderDoc, one warning line
// and the run goes on.
//
// Thread contract: main thread only (the frame loop's), around the frame's recording and submission.

namespace tessera::app {

class RenderDocCapture {
public:
    // Looks for an injected RenderDoc; logs the warning when there is none.
    RenderDocCapture();
    bool available() const { return api_ != nullptr; }
    // Bracket one frame's recording and submission. Without RenderDoc both do nothing; end() returns
    // whether RenderDoc wrote a capture.
    void start();
    bool end();

private:
    void* api_ = nullptr;  // the API's table of function pointers (renderdoc_app.h), owned by RenderDoc
};

}  // namespace tessera::app
