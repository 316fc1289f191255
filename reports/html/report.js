(function () {
  'use strict';
  var PAGE_SIZE = 100;
  var PRINT_LIMIT = 2000;
  var ATTENTION = { fail: true, suppressed: true, error: true, unknown: true };

  var data = JSON.parse(document.getElementById('report-data').textContent);
  var findings = data.findings;
  // The access map rows findings link to, by index (f.o, f.k).
  var reach = JSON.parse(document.getElementById('report-reach').textContent);
  var multiAccount = data.accounts.length > 1;
  // Rank and label of each severity and status, as the renderer gives them.
  var sevRank = {};
  var SEVERITY_LABELS = {};
  data.severities.forEach(function (s, i) {
    sevRank[s.value] = i;
    SEVERITY_LABELS[s.value] = s.label;
  });
  var statusRank = {};
  var STATUS_LABELS = {};
  data.statuses.forEach(function (s, i) {
    statusRank[s.value] = i;
    STATUS_LABELS[s.value] = s.label;
  });

  function $(id) {
    return document.getElementById(id);
  }
  var controls = {
    search: $('f-search'),
    severity: $('f-severity'),
    status: $('f-status'),
    type: $('f-type'),
    rule: $('f-rule'),
    account: $('f-account'),
    baseline: $('f-baseline'),
  };
  var body = $('findings-body');
  var countEl = $('result-count');
  var pageInfo = $('page-info');
  var prev = $('page-prev');
  var next = $('page-next');
  var columnCount = document.querySelectorAll('#findings-table thead th').length;

  var haystacks = null;
  function haystack(i) {
    if (!haystacks) haystacks = new Array(findings.length);
    var h = haystacks[i];
    if (h === undefined) {
      var f = findings[i];
      var rule = data.rules[f.r];
      var account = data.accounts[f.a];
      h = [
        f.n || '',
        f.i,
        rule.id,
        rule.title,
        f.m || '',
        f.t,
        data.types[f.t] || '',
        f.d || '',
        f.x || '',
        account.id,
        account.name || '',
      ]
        .concat(
          (f.k || []).map(function (k) {
            return reach[k].n;
          }),
        )
        .join('\n')
        .toLowerCase();
      haystacks[i] = h;
    }
    return h;
  }

  var state = { sort: null, dir: 1, page: 0, open: {} };
  var view = [];

  function value(el) {
    return el ? el.value : '';
  }

  var timer = 0;
  function applyFilters() {
    clearTimeout(timer);
    var q = value(controls.search).trim().toLowerCase();
    var terms = q ? q.split(/\s+/) : [];
    var sev = value(controls.severity);
    var status = value(controls.status);
    var type = value(controls.type);
    var rule = value(controls.rule);
    var account = value(controls.account);
    var baseline = value(controls.baseline);
    var out = [];
    for (var i = 0; i < findings.length; i++) {
      var f = findings[i];
      if (baseline === 'fixed' ? f.b !== 'fixed' : f.b === 'fixed') continue;
      if (baseline && baseline !== 'fixed' && f.b !== baseline) continue;
      if (sev && f.v !== sev) continue;
      if (status === 'attention' ? !ATTENTION[f.s] : status && f.s !== status) continue;
      if (type && f.t !== type) continue;
      if (rule && data.rules[f.r].id !== rule) continue;
      if (account && data.accounts[f.a].id !== account) continue;
      if (terms.length) {
        var h = haystack(i);
        var all = true;
        for (var t = 0; t < terms.length; t++)
          if (h.indexOf(terms[t]) === -1) {
            all = false;
            break;
          }
        if (!all) continue;
      }
      out.push(i);
    }
    if (state.sort) out.sort(comparator(state.sort, state.dir));
    view = out;
    state.page = 0;
    state.open = {};
    render();
    saveState();
  }

  // The filters live in the query string (?severity=high&q=…) so that a view can be shared; the fragment stays free
  // for anchors. Only values that differ from the defaults are written.
  var URL_KEYS = ['q', 'severity', 'status', 'type', 'rule', 'account', 'baseline'];
  function controlFor(key) {
    return key === 'q' ? controls.search : controls[key];
  }
  function defaultOf(key) {
    return key === 'status' ? 'attention' : '';
  }
  function saveState() {
    var params = new URLSearchParams();
    URL_KEYS.forEach(function (key) {
      var v = key === 'q' ? value(controls.search).trim() : value(controlFor(key));
      if (controlFor(key) && v !== defaultOf(key)) params.set(key, v);
    });
    if (state.sort) params.set('sort', (state.dir === 1 ? '' : '-') + state.sort);
    var query = params.toString();
    var next = location.pathname + (query ? '?' + query : '') + location.hash;
    if (next === location.pathname + location.search + location.hash) return;
    try {
      history.replaceState(history.state, '', next);
    } catch {
      /* a browser that refuses: the view still works */
    }
  }
  function restoreState() {
    var params = new URLSearchParams(location.search);
    URL_KEYS.forEach(function (key) {
      var el = controlFor(key);
      if (!el || !params.has(key)) return;
      var v = params.get(key);
      var known = Array.prototype.some.call(el.options || [], function (o) {
        return o.value === v;
      });
      if (el.tagName === 'SELECT' && !known) return;
      el.value = v;
    });
    var sort = params.get('sort') || '';
    var column = sort.replace(/^-/, '');
    var button = column && document.querySelector('#findings-table th button[data-sort="' + column + '"]');
    if (button) {
      state.sort = column;
      state.dir = sort.charAt(0) === '-' ? -1 : 1;
      button.classList.add(state.dir === 1 ? 'sorted-asc' : 'sorted-desc');
    }
  }

  function text(a) {
    return (a || '').toLowerCase();
  }
  function keyOf(column, f) {
    switch (column) {
      case 'severity':
        return sevRank[f.v];
      case 'status':
        return statusRank[f.s];
      case 'rule':
        return data.rules[f.r].id;
      case 'resource':
        return text(f.n || f.i);
      case 'type':
        return f.t;
      case 'account':
        return f.a;
      default:
        return 0;
    }
  }
  function comparator(column, dir) {
    return function (a, b) {
      var ka = keyOf(column, findings[a]);
      var kb = keyOf(column, findings[b]);
      if (ka < kb) return -dir;
      if (ka > kb) return dir;
      return a - b;
    };
  }

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined && content !== null) node.textContent = String(content);
    return node;
  }

  // Remediation as the rule reference renders it (the one Markdown rendering, done when the report was written).
  function remediationOf(rule) {
    var list = document.querySelector('#' + rule.anchor + ' ul.remediation');
    return list ? list.cloneNode(true) : null;
  }

  function reachLink(row, className, label) {
    var a = el('a', className, label);
    a.href = '#' + row.a;
    return a;
  }

  function formatValue(v) {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'string') return JSON.stringify(v);
    return JSON.stringify(v, null, 1);
  }

  function rowFor(index) {
    var f = findings[index];
    var rule = data.rules[f.r];
    var tr = el('tr', 'row');
    tr.tabIndex = 0;
    tr.setAttribute('aria-expanded', state.open[index] ? 'true' : 'false');
    tr.dataset.index = String(index);
    if (state.open[index]) tr.classList.add('open');
    var sev = el('td');
    sev.appendChild(el('span', 'sev sev-' + f.v, SEVERITY_LABELS[f.v]));
    tr.appendChild(sev);
    var st = el('td');
    // A finding fixed since the baseline is no longer failing: it is shown as fixed, never as a red "Fail".
    if (f.b === 'fixed') st.appendChild(el('span', 'status status-fixed', 'Fixed'));
    else st.appendChild(el('span', 'status status-' + f.s, STATUS_LABELS[f.s]));
    if (f.b && f.b !== 'fixed') st.appendChild(el('span', 'bl bl-' + f.b, f.b));
    tr.appendChild(st);
    var ruleCell = el('td');
    ruleCell.appendChild(el('code', null, rule.id));
    tr.appendChild(ruleCell);
    var res = el('td', 'res', f.n || f.i);
    if (f.n && f.n !== f.i && f.i !== '*') res.appendChild(el('span', 'res-id', f.i));
    var own = f.o !== undefined ? reach[f.o] : null;
    if (own && own.a) res.appendChild(reachLink(own, 'map-link', 'access map'));
    tr.appendChild(res);
    tr.appendChild(el('td', null, data.types[f.t] || f.t));
    if (multiAccount) {
      var account = data.accounts[f.a];
      tr.appendChild(el('td', null, account.name || account.id));
    }
    tr.appendChild(el('td', 'msg', f.m || f.d || rule.title));
    return tr;
  }

  var evidence = null;
  /** The finding's evidence, or null while the page is still loading the evidence block. */
  function evidenceOf(index) {
    if (!evidence) {
      var node = document.readyState === 'loading' ? null : $('report-evidence');
      if (!node) return null;
      evidence = JSON.parse(node.textContent);
    }
    return evidence[index] || [];
  }

  function detailFor(index) {
    var f = findings[index];
    var found = evidenceOf(index);
    var rule = data.rules[f.r];
    var tr = el('tr', 'detail');
    var td = el('td');
    td.colSpan = columnCount;
    var grid = el('div', 'detail-grid');
    var left = el('div');
    left.appendChild(el('h4', null, 'Evidence'));
    if (found === null) {
      left.appendChild(el('p', 'muted', 'The evidence is still loading; open the finding again in a moment.'));
    } else if (found.length) {
      var table = el('table', 'evidence');
      found.forEach(function (e) {
        var row = el('tr');
        row.appendChild(el('td', null, e.path));
        row.appendChild(el('td', null, formatValue(e.value)));
        table.appendChild(row);
      });
      left.appendChild(table);
    } else {
      var none = f.s === 'fail' || f.s === 'suppressed' ? 'No evidence recorded.' : 'Not applicable to this status.';
      left.appendChild(el('p', 'muted', none));
    }
    if (f.x) {
      left.appendChild(el('h4', null, 'Suppressed'));
      left.appendChild(el('p', null, f.x + (f.xe ? ' (until ' + f.xe + ')' : '')));
    }
    if (f.d) {
      left.appendChild(el('h4', null, f.s === 'error' ? 'Error' : 'Detail'));
      left.appendChild(el('p', null, f.d));
    }
    var where = el('p', 'muted');
    where.appendChild(document.createTextNode('Resource file: '));
    where.appendChild(el('code', null, f.f === undefined ? f.t + '/' + f.i + '.json' : f.f || '(none)'));
    if (f.z) where.appendChild(document.createTextNode(' · zone ' + f.z));
    left.appendChild(where);
    grid.appendChild(left);
    var right = el('div');
    if (f.k) {
      right.appendChild(el('h4', null, 'Exposes'));
      var exposed = el('ul');
      f.k.forEach(function (k) {
        var row = reach[k];
        var li = el('li', null, row.t + ' ');
        li.appendChild(row.a ? reachLink(row, null, row.n) : el('span', null, row.n));
        exposed.appendChild(li);
      });
      if (f.kn) exposed.appendChild(el('li', 'muted', 'and ' + (f.kn - f.k.length) + ' more (see findings.json)'));
      right.appendChild(exposed);
    }
    var remediation = remediationOf(rule);
    if (remediation) {
      right.appendChild(el('h4', null, 'Remediation'));
      right.appendChild(remediation);
    }
    var dash = data.dash[f.t];
    if (dash) {
      var open = el('a', 'dash-link', 'Open ' + dash.l + ' in the Cloudflare dashboard');
      open.href = dash.u;
      open.rel = 'noopener noreferrer';
      right.appendChild(open);
    }
    var link = el('a', null, 'Rule reference: ' + rule.title);
    link.href = '#' + rule.anchor;
    right.appendChild(link);
    grid.appendChild(right);
    td.appendChild(grid);
    tr.appendChild(td);
    return tr;
  }

  function renderRows(indices) {
    var fragment = document.createDocumentFragment();
    indices.forEach(function (index) {
      fragment.appendChild(rowFor(index));
      if (state.open[index]) fragment.appendChild(detailFor(index));
    });
    body.replaceChildren(fragment);
  }

  function render() {
    var pages = Math.max(1, Math.ceil(view.length / PAGE_SIZE));
    if (state.page >= pages) state.page = pages - 1;
    var start = state.page * PAGE_SIZE;
    var slice = view.slice(start, start + PAGE_SIZE);
    renderRows(slice);
    if (view.length === 0) {
      var empty = el('tr');
      var cell = el('td', 'muted', 'No results match these filters.');
      cell.colSpan = columnCount;
      empty.appendChild(cell);
      body.appendChild(empty);
    }
    countEl.textContent =
      view.length === 0
        ? 'No matching results (of ' + findings.length.toLocaleString('en-US') + ').'
        : 'Showing ' +
          (start + 1).toLocaleString('en-US') +
          '–' +
          (start + slice.length).toLocaleString('en-US') +
          ' of ' +
          view.length.toLocaleString('en-US') +
          ' matching results (' +
          findings.length.toLocaleString('en-US') +
          ' in total).';
    pageInfo.textContent = 'Page ' + (state.page + 1) + ' of ' + pages;
    prev.disabled = state.page === 0;
    next.disabled = state.page >= pages - 1;
  }

  function toggle(tr) {
    var index = Number(tr.dataset.index);
    if (state.open[index]) {
      delete state.open[index];
      tr.classList.remove('open');
      tr.setAttribute('aria-expanded', 'false');
      var detail = tr.nextElementSibling;
      if (detail && detail.classList.contains('detail')) detail.remove();
    } else {
      state.open[index] = true;
      tr.classList.add('open');
      tr.setAttribute('aria-expanded', 'true');
      tr.after(detailFor(index));
    }
  }

  body.addEventListener('click', function (event) {
    if (event.target.closest('a')) return;
    var tr = event.target.closest('tr.row');
    if (tr) toggle(tr);
  });
  body.addEventListener('keydown', function (event) {
    var tr = event.target.closest('tr.row');
    if (tr && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      toggle(tr);
    }
  });

  controls.search.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(applyFilters, 120);
  });
  ['severity', 'status', 'type', 'rule', 'account', 'baseline'].forEach(function (name) {
    if (controls[name]) controls[name].addEventListener('change', applyFilters);
  });
  $('filters').addEventListener('submit', function (event) {
    event.preventDefault();
  });
  $('filters').addEventListener('reset', function () {
    setTimeout(applyFilters, 0);
  });

  document.querySelectorAll('#findings-table th button[data-sort]').forEach(function (button) {
    button.addEventListener('click', function () {
      var column = button.dataset.sort;
      state.dir = state.sort === column ? -state.dir : 1;
      state.sort = column;
      document.querySelectorAll('#findings-table th button').forEach(function (b) {
        b.classList.remove('sorted-asc', 'sorted-desc');
      });
      button.classList.add(state.dir === 1 ? 'sorted-asc' : 'sorted-desc');
      var page = state.page;
      view.sort(comparator(column, state.dir));
      state.page = page;
      render();
      saveState();
    });
  });

  prev.addEventListener('click', function () {
    if (state.page > 0) {
      state.page--;
      render();
    }
  });
  next.addEventListener('click', function () {
    state.page++;
    render();
  });

  // Print: the findings matching the filters, each followed by its evidence; nothing else is expanded.
  window.addEventListener('beforeprint', function () {
    var fragment = document.createDocumentFragment();
    view.slice(0, PRINT_LIMIT).forEach(function (index) {
      fragment.appendChild(rowFor(index));
      fragment.appendChild(detailFor(index));
    });
    body.replaceChildren(fragment);
  });
  window.addEventListener('afterprint', function () {
    render();
  });

  restoreState();
  applyFilters();

  // Access map: filter rows by class, type and name or hostname; show the row a link points at. The script runs
  // before the map is parsed (so that the findings show first): the map is wired once the document is complete.
  var maps = [];
  function findMaps() {
    return Array.prototype.map
      .call(document.querySelectorAll('.access-map'), function (root) {
        function q(selector) {
          return root.querySelector(selector);
        }
        return {
          root: root,
          form: q('form'),
          search: q('.m-search'),
          cls: q('.m-class'),
          type: q('.m-type'),
          count: q('.m-count'),
          rows: root.querySelectorAll('tbody tr'),
          hay: null,
          timer: 0,
        };
      })
      .filter(function (m) {
        return m.form;
      });
  }

  function mapHaystack(tr) {
    var cell = tr.cells[1];
    var hosts = cell.querySelector('.rh');
    var id = tr.id.replace(/^reach-(app|target|mcp-server|mcp-portal)-/, '');
    var name = cell.firstChild ? cell.firstChild.textContent : '';
    return [name, hosts ? hosts.textContent : '', id].join('\n').toLowerCase();
  }

  function filterMap(m) {
    clearTimeout(m.timer);
    if (!m.hay) m.hay = Array.prototype.map.call(m.rows, mapHaystack);
    var q = m.search.value.trim().toLowerCase();
    var terms = q ? q.split(/\s+/) : [];
    var cls = m.cls.value;
    var type = m.type.value;
    var shown = 0;
    for (var i = 0; i < m.rows.length; i++) {
      var tr = m.rows[i];
      var show = (!cls || tr.dataset.c === cls) && (!type || tr.dataset.t === type);
      for (var t = 0; show && t < terms.length; t++) if (m.hay[i].indexOf(terms[t]) === -1) show = false;
      tr.hidden = !show;
      if (show) shown++;
    }
    var total = m.rows.length.toLocaleString('en-US');
    m.count.textContent =
      shown === m.rows.length
        ? total + ' resources.'
        : 'Showing ' + shown.toLocaleString('en-US') + ' of ' + total + ' resources.';
  }

  function wireMap(m) {
    m.search.addEventListener('input', function () {
      clearTimeout(m.timer);
      m.timer = setTimeout(function () {
        filterMap(m);
      }, 120);
    });
    m.cls.addEventListener('change', function () {
      filterMap(m);
    });
    m.type.addEventListener('change', function () {
      filterMap(m);
    });
    m.form.addEventListener('submit', function (event) {
      event.preventDefault();
    });
    m.form.addEventListener('reset', function () {
      setTimeout(function () {
        filterMap(m);
      }, 0);
    });
  }

  function revealRow(id) {
    var tr = id ? document.getElementById(id) : null;
    if (!tr || tr.tagName !== 'TR') return false;
    var m = maps.filter(function (x) {
      return x.root.contains(tr);
    })[0];
    if (!m) return false;
    if (tr.hidden) {
      m.form.reset();
      filterMap(m);
    }
    var details = tr.querySelector('details');
    if (details) details.open = true;
    return true;
  }

  document.addEventListener('click', function (event) {
    var link = event.target.closest('a');
    if (!link) return;
    var href = link.getAttribute('href') || '';
    if (href.indexOf('#reach-') === 0) revealRow(href.slice(1));
    if (link.dataset.reachClass) {
      var cls = link.dataset.reachClass;
      maps.forEach(function (m) {
        m.form.reset();
        m.cls.value = m.cls.querySelector('option[value="' + cls + '"]') ? cls : '';
        filterMap(m);
      });
    }
    if (link.dataset.find) {
      $('filters').reset();
      controls.search.value = link.dataset.find;
      if (link.dataset.findRule) controls.rule.value = link.dataset.findRule;
      applyFilters();
    }
  });
  window.addEventListener('hashchange', function () {
    revealRow(location.hash.slice(1));
  });
  function initMaps() {
    maps = findMaps();
    maps.forEach(wireMap);
    var initial = location.hash.slice(1);
    if (initial && revealRow(initial)) document.getElementById(initial).scrollIntoView();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', initMaps);
  else initMaps();
})();
