# In -P mode no project sets the policies (IN_LIST needs CMP0057).
if(CMAKE_SCRIPT_MODE_FILE)
  cmake_policy(VERSION 3.24)
endif()

# flowproof_check_layer_includes(FOLDER ALLOWED): stops the configuration when
# a file in core/FOLDER includes a header of a core folder that is not in
# ALLOWED (the folder itself and everything it may use, CMakeLists.txt "the
# core"). Also run as the ctest test `layering` (-P mode), so that an include
# added after configuration is caught by the test suite.
function(flowproof_check_layer_includes folder allowed)
  file(GLOB files "${CMAKE_SOURCE_DIR}/core/${folder}/*.h" "${CMAKE_SOURCE_DIR}/core/${folder}/*.cc")
  foreach(file ${files})
    file(STRINGS "${file}" includes REGEX "^#include \"core/")
    foreach(line ${includes})
      string(REGEX REPLACE "^#include \"core/([a-z_]+)/.*" "\\1" used "${line}")
      if(NOT used IN_LIST allowed)
        file(RELATIVE_PATH where "${CMAKE_SOURCE_DIR}" "${file}")
        message(FATAL_ERROR "${where}: '${line}' reaches up from core/${folder} into core/${used}; "
                            "core/${folder} may use only: ${allowed} (CMakeLists.txt, \"the core\")")
      endif()
    endforeach()
  endforeach()
endfunction()

# -P mode: cmake -DFLOWPROOF_SOURCE_DIR=... -DFLOWPROOF_LAYER_TABLE=FILE -P check_layers.cmake
# FILE (written at configure time) sets FLOWPROOF_LAYER_FOLDERS and, per
# folder, FLOWPROOF_LAYER_ALLOWED_<folder>.
if(CMAKE_SCRIPT_MODE_FILE)
  set(CMAKE_SOURCE_DIR "${FLOWPROOF_SOURCE_DIR}")
  include("${FLOWPROOF_LAYER_TABLE}")
  file(GLOB folders LIST_DIRECTORIES true RELATIVE "${CMAKE_SOURCE_DIR}/core" "${CMAKE_SOURCE_DIR}/core/*")
  foreach(folder ${folders})
    if(IS_DIRECTORY "${CMAKE_SOURCE_DIR}/core/${folder}" AND NOT folder IN_LIST FLOWPROOF_LAYER_FOLDERS)
      message(FATAL_ERROR "core/${folder} is not a library of CMakeLists.txt (\"the core\"): add it with the folders it may use")
    endif()
  endforeach()
  foreach(folder ${FLOWPROOF_LAYER_FOLDERS})
    flowproof_check_layer_includes(${folder} "${FLOWPROOF_LAYER_ALLOWED_${folder}}")
  endforeach()
  file(GLOB_RECURSE core_files "${CMAKE_SOURCE_DIR}/core/*.h" "${CMAKE_SOURCE_DIR}/core/*.cc")
  foreach(file ${core_files})
    file(STRINGS "${file}" emscripten REGEX "^#include <emscripten")
    if(emscripten)
      message(FATAL_ERROR "${file}: the core knows nothing of Emscripten (only wasm/ may include it)")
    endif()
  endforeach()
  message(STATUS "layering: every core folder includes only itself and the folders below it")
endif()
