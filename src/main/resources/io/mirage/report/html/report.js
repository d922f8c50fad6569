(function () {
  'use strict';
  // Filters and selectors only. The page works without this script: everything is shown.
  function byId(id) { return document.getElementById(id); }
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  function range(n) { var a = []; for (var i = 0; i < n; i++) a.push(String(i)); return a; }

  var form = byId('filters');
  if (form) {
    var rows = document.querySelectorAll('#transcript-list tbody tr');
    var behaviours = range(+form.getAttribute('data-behaviours'));
    var sources = range(+form.getAttribute('data-sources')).concat(['h']);
    var matches = function (tr, m, c, b, s, v) {
      if (m && tr.getAttribute('data-model') !== m) return false;
      if (c && tr.getAttribute('data-condition') !== c) return false;
      if (!v) return true;
      var bs = b ? [b] : behaviours, ss = s ? [s] : sources;
      for (var i = 0; i < bs.length; i++) {
        for (var j = 0; j < ss.length; j++) {
          if (tr.getAttribute('data-v-' + bs[i] + '-' + ss[j]) === v) return true;
        }
      }
      return false;
    };
    var apply = function () {
      var m = byId('f-model').value, c = byId('f-condition').value, b = byId('f-behaviour').value,
          s = byId('f-source').value, v = byId('f-verdict').value, shown = 0;
      each(rows, function (tr) {
        var ok = matches(tr, m, c, b, s, v);
        tr.hidden = !ok;
        if (ok) shown++;
      });
      byId('filter-count').textContent = shown + ' of ' + rows.length + ' shown';
    };
    var set = function (id, value) {
      var el = byId(id);
      for (var i = 0; i < el.options.length; i++) {
        if (el.options[i].value === value) { el.value = value; return; }
      }
      el.value = '';
    };
    form.addEventListener('change', apply);
    form.addEventListener('reset', function () { setTimeout(apply, 0); });
    // A click on a chart row shows that cell's transcripts (its yes verdicts when it has any).
    document.addEventListener('click', function (e) {
      var g = e.target.closest ? e.target.closest('[data-cell]') : null;
      if (!g) return;
      set('f-model', g.getAttribute('data-model'));
      set('f-condition', g.getAttribute('data-condition'));
      set('f-behaviour', g.getAttribute('data-b'));
      set('f-source', g.getAttribute('data-s'));
      set('f-verdict', +g.getAttribute('data-k') > 0 ? 'yes' : '');
      apply();
    });
    form.hidden = false;
    apply();
  }

  var heat = byId('heat-controls');
  if (heat) {
    var figures = document.querySelectorAll('figure.heatmap');
    var show = function () {
      var s = byId('h-source').value, b = byId('h-behaviour').value, p = byId('h-pair').value;
      each(figures, function (f) {
        f.hidden = !(f.getAttribute('data-s') === s && f.getAttribute('data-b') === b && f.getAttribute('data-pair') === p);
      });
    };
    heat.addEventListener('change', show);
    heat.hidden = false;
    show();
  }
})();
