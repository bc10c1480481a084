// Search as you type on /recherche: results refresh below the form while typing.
// Progressive enhancement only: without JavaScript the form submits normally.
(() => {
  const results = document.querySelector('[data-search-results]');
  const input = document.getElementById('recherche-page');
  if (!results || !input) return;
  let timer;
  let latest = 0;
  const render = (data) => {
    results.replaceChildren();
    const p = document.createElement('p');
    if (data.message) {
      p.className = 'notice';
      p.textContent = data.message;
      results.append(p);
      return;
    }
    p.textContent = `${data.results.length} commune(s) trouvée(s) pour « ${data.query} »`;
    results.append(p);
    const ul = document.createElement('ul');
    ul.className = 'results';
    for (const hit of data.results) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = `/communes/${hit.insee}`;
      a.textContent = hit.name;
      const info = document.createElement('span');
      info.className = 'muted';
      info.textContent = ` ${hit.departement_name} (${hit.departement_code})`;
      li.append(a, info);
      ul.append(li);
    }
    results.append(ul);
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = input.value.trim();
      if (q.length === 0) return;
      const ticket = ++latest;
      const response = await fetch(`/api/v1/communes?q=${encodeURIComponent(q)}`);
      if (!response.ok || ticket !== latest) return;
      render(await response.json());
      history.replaceState(null, '', `/recherche?q=${encodeURIComponent(q)}`);
    }, 150);
  });
})();
