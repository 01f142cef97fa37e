/* GraphiQL from the server's own files (no outside address). The header editor starts with a hint
   for the bearer token; while it still holds the hint, requests go out without it (anonymous), so
   the schema and the documentation load before you paste a token. */
(function () {
  'use strict';
  var HINT = 'Bearer <paste a token: cadre-api token city.supervisor>';
  var url = window.location.pathname;
  var fetcher = GraphiQL.createFetcher({
    url: url,
    fetch: function (input, init) {
      var headers = new Headers((init && init.headers) || {});
      if ((headers.get('Authorization') || '').indexOf('<') !== -1) headers.delete('Authorization');
      return window.fetch(input, Object.assign({}, init, { headers: headers }));
    }
  });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultHeaders: JSON.stringify({ Authorization: HINT }, null, 2),
    defaultEditorToolsVisibility: 'headers',
    shouldPersistHeaders: false,
    defaultQuery: [
      '# Put a token in the Headers below (cadre-api token USERNAME), then run:',
      '{',
      '  viewer { username roleAssignments { role unit { code } } }',
      '  cadres(first: 5) { totalCount edges { node { code name post managingUnit { code } } } }',
      '}',
      ''
    ].join('\n')
  }));
})();
