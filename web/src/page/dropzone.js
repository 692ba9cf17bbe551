// Drag and drop of files anywhere on the page: an overlay while files are
// dragged over, and the dropped files handed on (a fixture and the
// workflow.json it names can be dropped together).
//
//   installDropZone(document, overlay, (files) => page.open.files(files));

/**
 * @param {Document} doc
 * @param {HTMLElement} overlay shown while files are over the page
 * @param {(files: File[]) => void} onFiles
 */
export function installDropZone(doc, overlay, onFiles) {
  let depth = 0;
  const hasFiles = (e) => [...(e.dataTransfer?.types ?? [])].includes('Files');
  doc.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    depth++;
    overlay.hidden = false;
  });
  doc.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (!depth) overlay.hidden = true;
  });
  doc.addEventListener('dragover', (e) => {
    if (hasFiles(e)) e.preventDefault();
  });
  doc.addEventListener('drop', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth = 0;
    overlay.hidden = true;
    if (e.dataTransfer.files?.length) onFiles([...e.dataTransfer.files]);
  });
}
