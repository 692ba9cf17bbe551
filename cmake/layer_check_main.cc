// The entry point of the layer_check_* executables (CMakeLists.txt, "the
// core"): each links one core library whole against only the libraries it
// declares, so that a call into a higher layer fails to link. Never run.
int main() { return 0; }
