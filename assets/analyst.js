// Analyst console: Ctrl+Enter (Cmd+Enter on a Mac) in the editor or parameters runs the query.
document.addEventListener('keydown', function (event) {
  if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) { return; }
  var target = event.target;
  if (!target || (target.id !== 'analyst-editor' && target.id !== 'analyst-params')) { return; }
  var run = document.getElementById('analyst-run');
  if (run && !run.disabled) {
    event.preventDefault();
    run.click();
  }
});
