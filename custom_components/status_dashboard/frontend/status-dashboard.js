var c2="status_dashboard/board",O2="status_dashboard/board/subscribe",T=new WeakMap;function z(L,C){let H=L.connection,V=T.get(H);if(!V){let r={listeners:new Set};r.unsubscribe=H.subscribeMessage(e=>{r.board=e;for(let i of[...r.listeners])i(e)},{type:O2}),r.unsubscribe.catch(()=>T.delete(H)),T.set(H,r),V=r}let M=V;return M.listeners.add(C),M.board&&C(M.board),()=>{M.listeners.delete(C),!(M.listeners.size||T.get(H)!==M)&&(T.delete(H),M.unsubscribe?.then(r=>r()).catch(()=>{}))}}function d1(L){return L.callWS({type:c2})}var K=globalThis,q=K.ShadowRoot&&(K.ShadyCSS===void 0||K.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,p1=Symbol(),B1=new WeakMap,F=class{constructor(C,H,V){if(this._$cssResult$=!0,V!==p1)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=C,this.t=H}get styleSheet(){let C=this.o,H=this.t;if(q&&C===void 0){let V=H!==void 0&&H.length===1;V&&(C=B1.get(H)),C===void 0&&((this.o=C=new CSSStyleSheet).replaceSync(this.cssText),V&&B1.set(H,C))}return C}toString(){return this.cssText}},P1=L=>new F(typeof L=="string"?L:L+"",void 0,p1),R=(L,...C)=>{let H=L.length===1?L[0]:C.reduce((V,M,r)=>V+(e=>{if(e._$cssResult$===!0)return e.cssText;if(typeof e=="number")return e;throw Error("Value passed to 'css' function must be a 'css' function result: "+e+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(M)+L[r+1],L[0]);return new F(H,L,p1)},y1=(L,C)=>{if(q)L.adoptedStyleSheets=C.map(H=>H instanceof CSSStyleSheet?H:H.styleSheet);else for(let H of C){let V=document.createElement("style"),M=K.litNonce;M!==void 0&&V.setAttribute("nonce",M),V.textContent=H.cssText,L.appendChild(V)}},m1=q?L=>L:L=>L instanceof CSSStyleSheet?(C=>{let H="";for(let V of C.cssRules)H+=V.cssText;return P1(H)})(L):L;var{is:h2,defineProperty:f2,getOwnPropertyDescriptor:g2,getOwnPropertyNames:k2,getOwnPropertySymbols:B2,getPrototypeOf:P2}=Object,j=globalThis,b1=j.trustedTypes,y2=b1?b1.emptyScript:"",b2=j.reactiveElementPolyfillSupport,E=(L,C)=>L,v1={toAttribute(L,C){switch(C){case Boolean:L=L?y2:null;break;case Object:case Array:L=L==null?L:JSON.stringify(L)}return L},fromAttribute(L,C){let H=L;switch(C){case Boolean:H=L!==null;break;case Number:H=L===null?null:Number(L);break;case Object:case Array:try{H=JSON.parse(L)}catch{H=null}}return H}},T1=(L,C)=>!h2(L,C),w1={attribute:!0,type:String,converter:v1,reflect:!1,useDefault:!1,hasChanged:T1};Symbol.metadata??=Symbol("metadata"),j.litPropertyMetadata??=new WeakMap;var Z=class extends HTMLElement{static addInitializer(C){this._$Ei(),(this.l??=[]).push(C)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(C,H=w1){if(H.state&&(H.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(C)&&((H=Object.create(H)).wrapped=!0),this.elementProperties.set(C,H),!H.noAccessor){let V=Symbol(),M=this.getPropertyDescriptor(C,V,H);M!==void 0&&f2(this.prototype,C,M)}}static getPropertyDescriptor(C,H,V){let{get:M,set:r}=g2(this.prototype,C)??{get(){return this[H]},set(e){this[H]=e}};return{get:M,set(e){let i=M?.call(this);r?.call(this,e),this.requestUpdate(C,i,V)},configurable:!0,enumerable:!0}}static getPropertyOptions(C){return this.elementProperties.get(C)??w1}static _$Ei(){if(this.hasOwnProperty(E("elementProperties")))return;let C=P2(this);C.finalize(),C.l!==void 0&&(this.l=[...C.l]),this.elementProperties=new Map(C.elementProperties)}static finalize(){if(this.hasOwnProperty(E("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(E("properties"))){let H=this.properties,V=[...k2(H),...B2(H)];for(let M of V)this.createProperty(M,H[M])}let C=this[Symbol.metadata];if(C!==null){let H=litPropertyMetadata.get(C);if(H!==void 0)for(let[V,M]of H)this.elementProperties.set(V,M)}this._$Eh=new Map;for(let[H,V]of this.elementProperties){let M=this._$Eu(H,V);M!==void 0&&this._$Eh.set(M,H)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(C){let H=[];if(Array.isArray(C)){let V=new Set(C.flat(1/0).reverse());for(let M of V)H.unshift(m1(M))}else C!==void 0&&H.push(m1(C));return H}static _$Eu(C,H){let V=H.attribute;return V===!1?void 0:typeof V=="string"?V:typeof C=="string"?C.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(C=>this.enableUpdating=C),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(C=>C(this))}addController(C){(this._$EO??=new Set).add(C),this.renderRoot!==void 0&&this.isConnected&&C.hostConnected?.()}removeController(C){this._$EO?.delete(C)}_$E_(){let C=new Map,H=this.constructor.elementProperties;for(let V of H.keys())this.hasOwnProperty(V)&&(C.set(V,this[V]),delete this[V]);C.size>0&&(this._$Ep=C)}createRenderRoot(){let C=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return y1(C,this.constructor.elementStyles),C}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(C=>C.hostConnected?.())}enableUpdating(C){}disconnectedCallback(){this._$EO?.forEach(C=>C.hostDisconnected?.())}attributeChangedCallback(C,H,V){this._$AK(C,V)}_$ET(C,H){let V=this.constructor.elementProperties.get(C),M=this.constructor._$Eu(C,V);if(M!==void 0&&V.reflect===!0){let r=(V.converter?.toAttribute!==void 0?V.converter:v1).toAttribute(H,V.type);this._$Em=C,r==null?this.removeAttribute(M):this.setAttribute(M,r),this._$Em=null}}_$AK(C,H){let V=this.constructor,M=V._$Eh.get(C);if(M!==void 0&&this._$Em!==M){let r=V.getPropertyOptions(M),e=typeof r.converter=="function"?{fromAttribute:r.converter}:r.converter?.fromAttribute!==void 0?r.converter:v1;this._$Em=M;let i=e.fromAttribute(H,r.type);this[M]=i??this._$Ej?.get(M)??i,this._$Em=null}}requestUpdate(C,H,V,M=!1,r){if(C!==void 0){let e=this.constructor;if(M===!1&&(r=this[C]),V??=e.getPropertyOptions(C),!((V.hasChanged??T1)(r,H)||V.useDefault&&V.reflect&&r===this._$Ej?.get(C)&&!this.hasAttribute(e._$Eu(C,V))))return;this.C(C,H,V)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(C,H,{useDefault:V,reflect:M,wrapped:r},e){V&&!(this._$Ej??=new Map).has(C)&&(this._$Ej.set(C,e??H??this[C]),r!==!0||e!==void 0)||(this._$AL.has(C)||(this.hasUpdated||V||(H=void 0),this._$AL.set(C,H)),M===!0&&this._$Em!==C&&(this._$Eq??=new Set).add(C))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(H){Promise.reject(H)}let C=this.scheduleUpdate();return C!=null&&await C,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[M,r]of this._$Ep)this[M]=r;this._$Ep=void 0}let V=this.constructor.elementProperties;if(V.size>0)for(let[M,r]of V){let{wrapped:e}=r,i=this[M];e!==!0||this._$AL.has(M)||i===void 0||this.C(M,void 0,r,i)}}let C=!1,H=this._$AL;try{C=this.shouldUpdate(H),C?(this.willUpdate(H),this._$EO?.forEach(V=>V.hostUpdate?.()),this.update(H)):this._$EM()}catch(V){throw C=!1,this._$EM(),V}C&&this._$AE(H)}willUpdate(C){}_$AE(C){this._$EO?.forEach(H=>H.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(C)),this.updated(C)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(C){return!0}update(C){this._$Eq&&=this._$Eq.forEach(H=>this._$ET(H,this[H])),this._$EM()}updated(C){}firstUpdated(C){}};Z.elementStyles=[],Z.shadowRootOptions={mode:"open"},Z[E("elementProperties")]=new Map,Z[E("finalized")]=new Map,b2?.({ReactiveElement:Z}),(j.reactiveElementVersions??=[]).push("2.1.2");var n1=globalThis,F1=L=>L,X=n1.trustedTypes,R1=X?X.createPolicy("lit-html",{createHTML:L=>L}):void 0,l1="$lit$",S=`lit$${Math.random().toFixed(9).slice(2)}$`,Z1="?"+S,w2=`<${Z1}>`,f=document,N=()=>f.createComment(""),W=L=>L===null||typeof L!="object"&&typeof L!="function",S1=Array.isArray,$1=L=>S1(L)||typeof L?.[Symbol.iterator]=="function",x1=`[ 	
\f\r]`,D=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,E1=/-->/g,D1=/>/g,O=RegExp(`>|${x1}(?:([^\\s"'>=/]+)(${x1}*=${x1}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),N1=/'/g,W1=/"/g,_1=/^(?:script|style|textarea|title)$/i,u1=L=>(C,...H)=>({_$litType$:L,strings:C,values:H}),x=u1(1),X2=u1(2),Y2=u1(3),u=Symbol.for("lit-noChange"),m=Symbol.for("lit-nothing"),I1=new WeakMap,h=f.createTreeWalker(f,129);function U1(L,C){if(!S1(L)||!L.hasOwnProperty("raw"))throw Error("invalid template strings array");return R1!==void 0?R1.createHTML(C):C}var G1=(L,C)=>{let H=L.length-1,V=[],M,r=C===2?"<svg>":C===3?"<math>":"",e=D;for(let i=0;i<H;i++){let t=L[i],p,o,A=-1,a=0;for(;a<t.length&&(e.lastIndex=a,o=e.exec(t),o!==null);)a=e.lastIndex,e===D?o[1]==="!--"?e=E1:o[1]!==void 0?e=D1:o[2]!==void 0?(_1.test(o[2])&&(M=RegExp("</"+o[2],"g")),e=O):o[3]!==void 0&&(e=O):e===O?o[0]===">"?(e=M??D,A=-1):o[1]===void 0?A=-2:(A=e.lastIndex-o[2].length,p=o[1],e=o[3]===void 0?O:o[3]==='"'?W1:N1):e===W1||e===N1?e=O:e===E1||e===D1?e=D:(e=O,M=void 0);let d=e===O&&L[i+1].startsWith("/>")?" ":"";r+=e===D?t+w2:A>=0?(V.push(p),t.slice(0,A)+l1+t.slice(A)+S+d):t+S+(A===-2?i:d)}return[U1(L,r+(L[H]||"<?>")+(C===2?"</svg>":C===3?"</math>":"")),V]},I=class L{constructor({strings:C,_$litType$:H},V){let M;this.parts=[];let r=0,e=0,i=C.length-1,t=this.parts,[p,o]=G1(C,H);if(this.el=L.createElement(p,V),h.currentNode=this.el.content,H===2||H===3){let A=this.el.content.firstChild;A.replaceWith(...A.childNodes)}for(;(M=h.nextNode())!==null&&t.length<i;){if(M.nodeType===1){if(M.hasAttributes())for(let A of M.getAttributeNames())if(A.endsWith(l1)){let a=o[e++],d=M.getAttribute(A).split(S),v=/([.?@])?(.*)/.exec(a);t.push({type:1,index:r,name:v[2],strings:d,ctor:v[1]==="."?J:v[1]==="?"?C1:v[1]==="@"?H1:k}),M.removeAttribute(A)}else A.startsWith(S)&&(t.push({type:6,index:r}),M.removeAttribute(A));if(_1.test(M.tagName)){let A=M.textContent.split(S),a=A.length-1;if(a>0){M.textContent=X?X.emptyScript:"";for(let d=0;d<a;d++)M.append(A[d],N()),h.nextNode(),t.push({type:2,index:++r});M.append(A[a],N())}}}else if(M.nodeType===8)if(M.data===Z1)t.push({type:2,index:r});else{let A=-1;for(;(A=M.data.indexOf(S,A+1))!==-1;)t.push({type:7,index:r}),A+=S.length-1}r++}}static createElement(C,H){let V=f.createElement("template");return V.innerHTML=C,V}};function g(L,C,H=L,V){if(C===u)return C;let M=V!==void 0?H._$Co?.[V]:H._$Cl,r=W(C)?void 0:C._$litDirective$;return M?.constructor!==r&&(M?._$AO?.(!1),r===void 0?M=void 0:(M=new r(L),M._$AT(L,H,V)),V!==void 0?(H._$Co??=[])[V]=M:H._$Cl=M),M!==void 0&&(C=g(L,M._$AS(L,C.values),M,V)),C}var Y=class{constructor(C,H){this._$AV=[],this._$AN=void 0,this._$AD=C,this._$AM=H}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(C){let{el:{content:H},parts:V}=this._$AD,M=(C?.creationScope??f).importNode(H,!0);h.currentNode=M;let r=h.nextNode(),e=0,i=0,t=V[0];for(;t!==void 0;){if(e===t.index){let p;t.type===2?p=new y(r,r.nextSibling,this,C):t.type===1?p=new t.ctor(r,t.name,t.strings,this,C):t.type===6&&(p=new V1(r,this,C)),this._$AV.push(p),t=V[++i]}e!==t?.index&&(r=h.nextNode(),e++)}return h.currentNode=f,M}p(C){let H=0;for(let V of this._$AV)V!==void 0&&(V.strings!==void 0?(V._$AI(C,V,H),H+=V.strings.length-2):V._$AI(C[H])),H++}},y=class L{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(C,H,V,M){this.type=2,this._$AH=m,this._$AN=void 0,this._$AA=C,this._$AB=H,this._$AM=V,this.options=M,this._$Cv=M?.isConnected??!0}get parentNode(){let C=this._$AA.parentNode,H=this._$AM;return H!==void 0&&C?.nodeType===11&&(C=H.parentNode),C}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(C,H=this){C=g(this,C,H),W(C)?C===m||C==null||C===""?(this._$AH!==m&&this._$AR(),this._$AH=m):C!==this._$AH&&C!==u&&this._(C):C._$litType$!==void 0?this.$(C):C.nodeType!==void 0?this.T(C):$1(C)?this.k(C):this._(C)}O(C){return this._$AA.parentNode.insertBefore(C,this._$AB)}T(C){this._$AH!==C&&(this._$AR(),this._$AH=this.O(C))}_(C){this._$AH!==m&&W(this._$AH)?this._$AA.nextSibling.data=C:this.T(f.createTextNode(C)),this._$AH=C}$(C){let{values:H,_$litType$:V}=C,M=typeof V=="number"?this._$AC(C):(V.el===void 0&&(V.el=I.createElement(U1(V.h,V.h[0]),this.options)),V);if(this._$AH?._$AD===M)this._$AH.p(H);else{let r=new Y(M,this),e=r.u(this.options);r.p(H),this.T(e),this._$AH=r}}_$AC(C){let H=I1.get(C.strings);return H===void 0&&I1.set(C.strings,H=new I(C)),H}k(C){S1(this._$AH)||(this._$AH=[],this._$AR());let H=this._$AH,V,M=0;for(let r of C)M===H.length?H.push(V=new L(this.O(N()),this.O(N()),this,this.options)):V=H[M],V._$AI(r),M++;M<H.length&&(this._$AR(V&&V._$AB.nextSibling,M),H.length=M)}_$AR(C=this._$AA.nextSibling,H){for(this._$AP?.(!1,!0,H);C!==this._$AB;){let V=F1(C).nextSibling;F1(C).remove(),C=V}}setConnected(C){this._$AM===void 0&&(this._$Cv=C,this._$AP?.(C))}},k=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(C,H,V,M,r){this.type=1,this._$AH=m,this._$AN=void 0,this.element=C,this.name=H,this._$AM=M,this.options=r,V.length>2||V[0]!==""||V[1]!==""?(this._$AH=Array(V.length-1).fill(new String),this.strings=V):this._$AH=m}_$AI(C,H=this,V,M){let r=this.strings,e=!1;if(r===void 0)C=g(this,C,H,0),e=!W(C)||C!==this._$AH&&C!==u,e&&(this._$AH=C);else{let i=C,t,p;for(C=r[0],t=0;t<r.length-1;t++)p=g(this,i[V+t],H,t),p===u&&(p=this._$AH[t]),e||=!W(p)||p!==this._$AH[t],p===m?C=m:C!==m&&(C+=(p??"")+r[t+1]),this._$AH[t]=p}e&&!M&&this.j(C)}j(C){C===m?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,C??"")}},J=class extends k{constructor(){super(...arguments),this.type=3}j(C){this.element[this.name]=C===m?void 0:C}},C1=class extends k{constructor(){super(...arguments),this.type=4}j(C){this.element.toggleAttribute(this.name,!!C&&C!==m)}},H1=class extends k{constructor(C,H,V,M,r){super(C,H,V,M,r),this.type=5}_$AI(C,H=this){if((C=g(this,C,H,0)??m)===u)return;let V=this._$AH,M=C===m&&V!==m||C.capture!==V.capture||C.once!==V.once||C.passive!==V.passive,r=C!==m&&(V===m||M);M&&this.element.removeEventListener(this.name,this,V),r&&this.element.addEventListener(this.name,this,C),this._$AH=C}handleEvent(C){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,C):this._$AH.handleEvent(C)}},V1=class{constructor(C,H,V){this.element=C,this.type=6,this._$AN=void 0,this._$AM=H,this.options=V}get _$AU(){return this._$AM._$AU}_$AI(C){g(this,C)}},Q1={M:l1,P:S,A:Z1,C:1,L:G1,R:Y,D:$1,V:g,I:y,H:k,N:C1,U:H1,B:J,F:V1},T2=n1.litHtmlPolyfillSupport;T2?.(I,y),(n1.litHtmlVersions??=[]).push("3.3.3");var z1=(L,C,H)=>{let V=H?.renderBefore??C,M=V._$litPart$;if(M===void 0){let r=H?.renderBefore??null;V._$litPart$=M=new y(C.insertBefore(N(),r),r,void 0,H??{})}return M._$AI(L),M};var s1=globalThis,n=class extends Z{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let C=super.createRenderRoot();return this.renderOptions.renderBefore??=C.firstChild,C}update(C){let H=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(C),this._$Do=z1(H,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return u}};n._$litElement$=!0,n.finalized=!0,s1.litElementHydrateSupport?.({LitElement:n});var F2=s1.litElementPolyfillSupport;F2?.({LitElement:n});(s1.litElementVersions??=[]).push("4.2.2");var K1={ATTRIBUTE:1,CHILD:2,PROPERTY:3,BOOLEAN_ATTRIBUTE:4,EVENT:5,ELEMENT:6},q1=L=>(...C)=>({_$litDirective$:L,values:C}),L1=class{constructor(C){}get _$AU(){return this._$AM._$AU}_$AT(C,H,V){this._$Ct=C,this._$AM=H,this._$Ci=V}_$AS(C,H){return this.update(C,H)}update(C,H){return this.render(...H)}};var{I:R2}=Q1,j1=L=>L;var X1=()=>document.createComment(""),b=(L,C,H)=>{let V=L._$AA.parentNode,M=C===void 0?L._$AB:C._$AA;if(H===void 0){let r=V.insertBefore(X1(),M),e=V.insertBefore(X1(),M);H=new R2(r,e,L,L.options)}else{let r=H._$AB.nextSibling,e=H._$AM,i=e!==L;if(i){let t;H._$AQ?.(L),H._$AM=L,H._$AP!==void 0&&(t=L._$AU)!==e._$AU&&H._$AP(t)}if(r!==M||i){let t=H._$AA;for(;t!==r;){let p=j1(t).nextSibling;j1(V).insertBefore(t,M),t=p}}}return H},s=(L,C,H=L)=>(L._$AI(C,H),L),E2={},Y1=(L,C=E2)=>L._$AH=C,J1=L=>L._$AH,M1=L=>{L._$AR(),L._$AA.remove()};var C2=(L,C,H)=>{let V=new Map;for(let M=C;M<=H;M++)V.set(L[M],M);return V},H2=q1(class extends L1{constructor(L){if(super(L),L.type!==K1.CHILD)throw Error("repeat() can only be used in text expressions")}dt(L,C,H){let V;H===void 0?H=C:C!==void 0&&(V=C);let M=[],r=[],e=0;for(let i of L)M[e]=V?V(i,e):e,r[e]=H(i,e),e++;return{values:r,keys:M}}render(L,C,H){return this.dt(L,C,H).values}update(L,[C,H,V]){let M=J1(L),{values:r,keys:e}=this.dt(C,H,V);if(!Array.isArray(M))return this.ut=e,r;let i=this.ut??=[],t=[],p,o,A=0,a=M.length-1,d=0,v=r.length-1;for(;A<=a&&d<=v;)if(M[A]===null)A++;else if(M[a]===null)a--;else if(i[A]===e[d])t[d]=s(M[A],r[d]),A++,d++;else if(i[a]===e[v])t[v]=s(M[a],r[v]),a--,v--;else if(i[A]===e[v])t[v]=s(M[A],r[v]),b(L,t[v+1],M[A]),A++,v--;else if(i[a]===e[d])t[d]=s(M[a],r[d]),b(L,M[A],M[a]),a--,d++;else if(p===void 0&&(p=C2(e,d,v),o=C2(i,A,a)),p.has(i[A]))if(p.has(i[a])){let l=o.get(e[d]),a1=l!==void 0?M[l]:null;if(a1===null){let k1=b(L,M[A]);s(k1,r[d]),t[d]=k1}else t[d]=s(a1,r[d]),b(L,M[A],a1),M[l]=null;d++}else M1(M[a]),a--;else M1(M[A]),A++;for(;d<=v;){let l=b(L,t[v+1]);s(l,r[d]),t[d++]=l}for(;A<=a;){let l=M[A++];l!==null&&M1(l)}return this.ut=e,Y1(L,t),u}});function B(L,C,H={}){L.dispatchEvent(new CustomEvent(C,{detail:H,bubbles:!0,composed:!0}))}var V2="M13,13H11V7H13M13,17H11V15H13M12,2A10,10 0 0,0 2,12A10,10 0 0,0 12,22A10,10 0 0,0 22,12A10,10 0 0,0 12,2Z";var L2="M12 2C6.5 2 2 6.5 2 12S6.5 22 12 22 22 17.5 22 12 17.5 2 12 2M10 17L5 12L6.41 10.59L10 14.17L17.59 6.58L19 8L10 17Z";var M2="M12,2C17.53,2 22,6.47 22,12C22,17.53 17.53,22 12,22C6.47,22 2,17.53 2,12C2,6.47 6.47,2 12,2M15.59,7L12,10.59L8.41,7L7,8.41L10.59,12L7,15.59L8.41,17L12,13.41L15.59,17L17,15.59L13.41,12L17,8.41L15.59,7Z";var r2="M15.07,11.25L14.17,12.17C13.45,12.89 13,13.5 13,15H11V14.5C11,13.39 11.45,12.39 12.17,11.67L13.41,10.41C13.78,10.05 14,9.55 14,9C14,7.89 13.1,7 12,7A2,2 0 0,0 10,9H8A4,4 0 0,1 12,5A4,4 0 0,1 16,9C16,9.88 15.64,10.67 15.07,11.25M13,19H11V17H13M12,2A10,10 0 0,0 2,12A10,10 0 0,0 12,22A10,10 0 0,0 22,12C22,6.47 17.5,2 12,2Z";var e2="M4,1C2.89,1 2,1.89 2,3V7C2,8.11 2.89,9 4,9H1V11H13V9H10C11.11,9 12,8.11 12,7V3C12,1.89 11.11,1 10,1H4M4,3H10V7H4V3M14,13C12.89,13 12,13.89 12,15V19C12,20.11 12.89,21 14,21H11V23H23V21H20C21.11,21 22,20.11 22,19V15C22,13.89 21.11,13 20,13H14M3.88,13.46L2.46,14.88L4.59,17L2.46,19.12L3.88,20.54L6,18.41L8.12,20.54L9.54,19.12L7.41,17L9.54,14.88L8.12,13.46L6,15.59L3.88,13.46M14,15H20V19H14V15Z";var t2="M17.65,6.35C16.2,4.9 14.21,4 12,4A8,8 0 0,0 4,12A8,8 0 0,0 12,20C15.73,20 18.84,17.45 19.73,14H17.65C16.83,16.33 14.61,18 12,18A6,6 0 0,1 6,12A6,6 0 0,1 12,6C13.66,6 15.14,6.69 16.22,7.78L13,11H20V4L17.65,6.35Z";var A2={up:L2,degraded:V2,down:M2,unavailable:e2,unknown:r2},$=t2;function w(L,C="icon"){return x`<svg class=${C} viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d=${L}></path></svg>`}var i2=["down","degraded","unavailable","unknown","up"],r1=["up","degraded","down","unavailable"],_={up:"Up",degraded:"Degraded",down:"Down",unavailable:"Unavailable",unknown:"Unknown"};function P(L){if(!L||L.state==="unavailable")return"unavailable";let C=L.attributes.status;return C==="up"||C==="degraded"||C==="down"?C:L.state==="on"?"up":L.state==="off"?"down":"unknown"}var d2=new Intl.Collator(void 0,{numeric:!0,sensitivity:"base"});function D2(L,C){return i2.indexOf(L.status)-i2.indexOf(C.status)||d2.compare(L.service.name,C.service.name)||(L.key<C.key?-1:L.key>C.key?1:0)}function p2(L,C,H){let V=C.groups?.length?new Set(C.groups):void 0,M=C.statuses?.length?new Set(C.statuses):void 0,r=[];for(let e of U(L,C))for(let i of e.services){let t=i.entities.status;if(!t||V&&!V.has(i.group??""))continue;let p=P(H[t]);M&&!M.has(p==="unknown"?"unavailable":p)||r.push({key:`${e.entry_id}/${i.id}`,entry:e,service:i,status:p})}return r.sort(D2)}function U(L,C){return C.entry_id?L.entries.filter(H=>H.entry_id===C.entry_id):L.entries}function m2(L,C){let H=new Set;for(let V of U(L,{type:"",entry_id:C}))for(let M of V.services)M.group&&H.add(M.group);return[...H].sort(d2.compare)}function v2(L,C){if(L.reauth)return"Signed out: re-authenticate";if(L.state==="setup_retry")return"Reconnecting…";if(L.state!=="loaded")return"Not connected";if(!C||C.state==="on")return"";let H=Number(C.attributes.reconnect_attempt??0);return H>0?`Reconnecting… (attempt ${H})`:"Reconnecting…"}function x2(L){let C=Math.floor(L/1e3);if(C<1)return"just now";if(C<60)return`${C} s ago`;let H=Math.floor(C/60);if(H<60)return`${H} min ago`;let V=Math.floor(H/60);return V<24?`${V} h ago`:`${Math.floor(V/24)} d ago`}function n2(L){let C=L?Number.parseFloat(L.state):Number.NaN;if(!Number.isFinite(C))return"";let H=C.toFixed(C>=99&&C<100?2:1);return`${H.includes(".")?H.replace(/\.?0+$/,""):H} % up (24 h)`}function l2(L){return typeof L!="number"||!Number.isFinite(L)?"—":L<1e3?`${Math.round(L)} ms`:`${(L/1e3).toFixed(2)} s`}function Z2(L){if(typeof L!="string")return null;let C=Date.parse(L);return Number.isNaN(C)?null:C}var N2=new Set(["type","entry_id","title","columns","groups","statuses","grid_options","view_layout","visibility"]),o2=12;function G(L){if(typeof L!="object"||L===null||Array.isArray(L))throw new Error("The card's configuration must be a mapping");let C=L;for(let V of Object.keys(C))if(!N2.has(V))throw new Error(`Unknown option '${V}'`);let H={type:String(C.type??"")};if(C.entry_id!==void 0){if(typeof C.entry_id!="string"||!C.entry_id)throw new Error("'entry_id' must be a config entry id (text)");H.entry_id=C.entry_id}if(C.title!==void 0){if(typeof C.title!="string")throw new Error("'title' must be text");H.title=C.title}if(C.columns!==void 0&&C.columns!=="auto"){let V=C.columns;if(typeof V!="number"||!Number.isInteger(V)||V<1||V>o2)throw new Error(`'columns' must be a whole number from 1 to ${o2}, or 'auto'`);H.columns=V}if(C.groups!==void 0&&(H.groups=a2(C.groups,"groups")),C.statuses!==void 0){let V=a2(C.statuses,"statuses");for(let M of V)if(!r1.includes(M))throw new Error(`'statuses' may hold ${r1.join(", ")}; not '${M}'`);H.statuses=V}return H}function a2(L,C){if(!Array.isArray(L)||!L.every(H=>typeof H=="string"))throw new Error(`'${C}' must be a list of text values`);return L}var c="status-dashboard-card",e1="status-dashboard-card-editor",S2="status-dashboard-tile",Q="status-dashboard";var W2=1e3,c1=class{constructor(C=Date.now){this.now=C;this.shown=new Map}show(C,H){let V=this.shown.get(C)??{at:H,text:""};V.at=H,this.shown.set(C,V),this.write(C,V,this.now()),this.timer===void 0&&(this.timer=setInterval(()=>this.tick(),W2))}forget(C){this.shown.delete(C),!this.shown.size&&this.timer!==void 0&&(clearInterval(this.timer),this.timer=void 0)}tick(){let C=this.now();for(let[H,V]of this.shown)this.write(H,V,C)}write(C,H,V){let M=H.at===null?"last check unknown":`checked ${x2(V-H.at)}`;M!==H.text&&(H.text=M,C.textContent=M)}},O1=new c1;var A1="status-dashboard-refresh",t1=class extends n{constructor(){super(...arguments);this.agoElement=null}static{this.properties={service:{attribute:!1},stateObj:{attribute:!1},uptimeObj:{attribute:!1}}}connectedCallback(){super.connectedCallback(),this.agoElement&&this.showCheckTime()}disconnectedCallback(){super.disconnectedCallback(),this.agoElement&&O1.forget(this.agoElement)}render(){let H=this.service,V=P(this.stateObj),M=this.stateObj?.attributes??{},r=V==="unavailable"?"—":l2(M.response_time),e=H.group??"",i=V==="unavailable"?"":n2(this.uptimeObj),t=[`${H.name}: ${_[V]}`,r==="—"?"":`response time ${r}`,i,e?`group ${e}`:""].filter(Boolean).join(", ");return x`<div class="tile ${V}" data-status=${V}>
      <button
        class="main"
        type="button"
        aria-label=${t}
        title=${t}
        @click=${this.openMoreInfo}
      >
        <span class="top">
          ${w(A2[V],"status-icon")}
          <span class="name">${H.name}</span>
        </span>
        <span class="line">
          <span class="status-text">${_[V]}</span>
          <span class="response-time">${r}</span>
        </span>
        <span class="ago" data-clock></span>
        ${i?x`<span class="uptime">${i}</span>`:m}
        <span class="group">${e}</span>
      </button>
      <button
        class="refresh"
        type="button"
        aria-label="Refresh ${H.name}"
        title="Refresh ${H.name}"
        ?disabled=${!H.entities.refresh}
        @click=${this.refresh}
      >
        ${w($)}
      </button>
    </div>`}firstUpdated(){this.agoElement=this.renderRoot.querySelector(".ago")}updated(H){H.has("stateObj")&&this.showCheckTime();let V=P(this.stateObj);this.shownStatus!==void 0&&V!==this.shownStatus&&this.flash(),this.shownStatus=V}showCheckTime(){if(!this.agoElement)return;let H=P(this.stateObj)==="unavailable"?null:Z2(this.stateObj?.attributes.last_check);O1.show(this.agoElement,H)}flash(){let H=this.renderRoot.querySelector(".tile");H&&(H.classList.remove("flash"),H.offsetWidth,H.classList.add("flash"),H.addEventListener("animationend",()=>H.classList.remove("flash"),{once:!0}))}openMoreInfo(){let H=this.service.entities.status;H&&B(this,"hass-more-info",{entityId:H})}refresh(H){H.stopPropagation();let V=this.service.entities.refresh;V&&B(this,A1,{entityId:V})}static{this.styles=R`
    :host {
      display: block;
      min-width: 0;
    }
    .tile {
      --tile-color: var(--disabled-text-color, #9e9e9e);
      position: relative;
      display: flex;
      height: 100%;
      box-sizing: border-box;
      border-radius: 8px;
      border: 1px solid var(--divider-color, rgba(0, 0, 0, 0.12));
      border-inline-start: 6px solid var(--tile-color);
      background: var(--secondary-background-color, #f5f5f5);
      color: var(--primary-text-color, #212121);
      contain: layout paint;
    }
    .tile.up {
      --tile-color: var(--success-color, #43a047);
    }
    .tile.degraded {
      --tile-color: var(--warning-color, #ffa600);
    }
    .tile.down {
      --tile-color: var(--error-color, #db4437);
    }
    .tile.unavailable,
    .tile.unknown {
      color: var(--disabled-text-color, #9e9e9e);
      filter: grayscale(1);
    }
    .tile.flash {
      animation: status-flash 1.2s ease-out 1;
    }
    @keyframes status-flash {
      from {
        box-shadow: 0 0 0 4px var(--tile-color);
      }
      to {
        box-shadow: 0 0 0 0 transparent;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .tile.flash {
        animation: none;
      }
    }
    button {
      font: inherit;
      color: inherit;
      background: none;
      border: 0;
      margin: 0;
      cursor: pointer;
    }
    button:focus-visible {
      outline: 2px solid var(--primary-color, #03a9f4);
      outline-offset: -2px;
      border-radius: 8px;
    }
    .main {
      flex: 1;
      min-width: 0;
      display: grid;
      gap: 2px;
      padding: 10px 4px 10px 10px;
      text-align: start;
    }
    .top {
      display: flex;
      align-items: center;
      gap: 6px;
      min-width: 0;
    }
    .status-icon {
      flex: none;
      width: 22px;
      height: 22px;
      fill: var(--tile-color);
    }
    .name {
      font-weight: 500;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .status-text {
      font-weight: 500;
      color: var(--tile-color);
    }
    .tile.unavailable .status-text,
    .tile.unknown .status-text {
      color: inherit;
    }
    .response-time,
    .ago,
    .uptime,
    .group {
      font-size: 0.85em;
      color: var(--secondary-text-color, #727272);
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
      font-variant-numeric: tabular-nums;
    }
    .tile.unavailable .response-time,
    .tile.unavailable .ago,
    .tile.unavailable .uptime,
    .tile.unavailable .group {
      color: inherit;
    }
    .line {
      display: flex;
      align-items: baseline;
      justify-content: space-between;
      gap: 8px;
      min-width: 0;
    }
    .group:empty::before {
      content: "\\00a0";
    }
    .refresh {
      flex: none;
      align-self: flex-start;
      width: 40px;
      height: 40px;
      padding: 8px;
      color: var(--secondary-text-color, #727272);
      border-radius: 50%;
    }
    .refresh:hover {
      color: var(--primary-color, #03a9f4);
    }
    .refresh[disabled] {
      visibility: hidden;
    }
    .icon {
      width: 24px;
      height: 24px;
      fill: currentColor;
    }
  `}};var I2="170px",i1=class extends n{constructor(){super(...arguments);this.seen=new Map;this.onRefresh=H=>{let V=H.detail.entityId;this.press([V])}}static{this.properties={board:{state:!0},config:{state:!0}}}static getConfigElement(){return document.createElement(e1)}static getStubConfig(){return{type:`custom:${c}`}}setConfig(H){this.config=G(H)}get hass(){return this.hassValue}set hass(H){let V=this.hassValue===void 0;this.hassValue=H,V?(this.subscribe(),this.requestUpdate()):this.ownStatesChanged(H)&&this.requestUpdate()}getCardSize(){let H=this.board?this.tiles().length:1;return 1+Math.ceil(H/(this.config?.columns??3))*2}getGridOptions(){return{columns:"full",min_columns:6}}connectedCallback(){super.connectedCallback(),this.addEventListener(A1,this.onRefresh),this.subscribe()}disconnectedCallback(){super.disconnectedCallback(),this.removeEventListener(A1,this.onRefresh),this.unsubscribe?.(),this.unsubscribe=void 0}subscribe(){this.unsubscribe||!this.hassValue||!this.isConnected||(this.unsubscribe=z(this.hassValue,H=>{this.board=H}))}ownStatesChanged(H){for(let[V,M]of this.seen)if(H.states[V]!==M)return!0;return!1}tiles(){let H=this.board??{entries:[]};return p2(H,this.config,this.hassValue?.states??{})}render(){let H=this.hassValue;if(!H||!this.config)return m;let V=H.states,M=new Map,r=this.board?U(this.board,this.config):[],e=[];for(let o of r){let A=o.entities.connection,a=A?V[A]:void 0;A&&M.set(A,a);let d=v2(o,a);d&&e.push(r.length>1?`${o.title}: ${d}`:d)}let i=this.tiles();for(let o of r)for(let A of o.services)for(let a of[A.entities.status,A.entities.uptime_24h])a&&M.set(a,V[a]);this.seen=M;let t=this.config.columns?`repeat(${this.config.columns}, minmax(0, 1fr))`:`repeat(auto-fill, minmax(${I2}, 1fr))`,p=r.some(o=>o.entities.refresh_all);return x`<ha-card>
      <div class="header">
        ${this.config.title?x`<h2 class="title">${this.config.title}</h2>`:m}
        <div class="problem" role="status" aria-live="polite">
          ${e.map(o=>this.renderProblem(o))}
        </div>
        <button
          class="refresh-all"
          type="button"
          aria-label="Refresh all services"
          title="Refresh all services"
          ?disabled=${!p}
          @click=${this.refreshAll}
        >
          ${w($)}<span>Refresh all</span>
        </button>
      </div>
      ${this.board&&!r.length?x`<p class="empty">No Status Dashboard server${this.config.entry_id?" with this entry id":""}.</p>`:m}
      <div class="grid" style="grid-template-columns: ${t}">
        ${H2(i,o=>o.key,o=>x`<status-dashboard-tile
              .service=${o.service}
              .stateObj=${o.service.entities.status?V[o.service.entities.status]:void 0}
              .uptimeObj=${o.service.entities.uptime_24h?V[o.service.entities.uptime_24h]:void 0}
            ></status-dashboard-tile>`)}
      </div>
    </ha-card>`}renderProblem(H){let V=H.endsWith("re-authenticate");return x`<span class="message">
      ${w($,"problem-icon")}
      ${V?x`${H.slice(0,-15)}<a
              href="/config/integrations/integration/status_dashboard"
              >re-authenticate</a
            >`:H}
    </span>`}refreshAll(){let H=this.board?U(this.board,this.config):[];this.press(H.flatMap(V=>V.entities.refresh_all?[V.entities.refresh_all]:[]))}press(H){let V=this.hassValue;!V||!H.length||V.callService("button","press",{entity_id:H}).catch(M=>{let r=M?.message??String(M);B(this,"hass-notification",{message:`Refresh failed: ${r}`})})}static{this.styles=R`
    ha-card {
      display: block;
      padding: 12px 16px 16px;
    }
    .header {
      display: flex;
      align-items: center;
      gap: 12px;
      min-height: 40px;
      margin-bottom: 8px;
    }
    .title {
      margin: 0;
      font-size: var(--ha-card-header-font-size, 1.4em);
      font-weight: 400;
      color: var(--ha-card-header-color, var(--primary-text-color));
    }
    .problem {
      flex: 1;
      min-width: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 4px 16px;
      color: var(--warning-color, #ffa600);
      font-weight: 500;
    }
    .message {
      display: inline-flex;
      align-items: center;
      gap: 6px;
    }
    .problem-icon {
      width: 18px;
      height: 18px;
      fill: currentColor;
    }
    .problem a {
      color: var(--primary-color, #03a9f4);
      margin-inline-start: 0.3em;
    }
    .refresh-all {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      font: inherit;
      color: var(--primary-color, #03a9f4);
      background: none;
      border: 1px solid var(--divider-color, rgba(0, 0, 0, 0.12));
      border-radius: 18px;
      padding: 4px 12px 4px 8px;
      cursor: pointer;
    }
    .refresh-all[disabled] {
      color: var(--disabled-text-color, #9e9e9e);
      cursor: default;
    }
    .refresh-all:focus-visible {
      outline: 2px solid var(--primary-color, #03a9f4);
    }
    .icon {
      width: 20px;
      height: 20px;
      fill: currentColor;
    }
    .grid {
      display: grid;
      gap: 8px;
    }
    .empty {
      color: var(--secondary-text-color, #727272);
    }
  `}};var $2={entry_id:"Server (every server when empty)",title:"Title",columns:"Columns (automatic when empty)",groups:"Only these groups",statuses:"Only these statuses"},o1=class extends n{static{this.properties={hass:{attribute:!1},config:{state:!0},board:{state:!0}}}setConfig(C){this.config=G(C)}disconnectedCallback(){super.disconnectedCallback(),this.unsubscribe?.(),this.unsubscribe=void 0}willUpdate(){this.hass&&!this.unsubscribe&&this.isConnected&&(this.unsubscribe=z(this.hass,C=>{this.board=C}))}render(){if(!this.hass||!this.config)return m;let C=this.board?m2(this.board,this.config.entry_id):[],H=[{name:"entry_id",selector:{config_entry:{integration:"status_dashboard"}}},{name:"title",selector:{text:{}}},{name:"columns",selector:{number:{min:1,max:12,step:1,mode:"box"}}},{name:"groups",selector:{select:{multiple:!0,options:C,custom_value:!0}}},{name:"statuses",selector:{select:{multiple:!0,options:r1.map(V=>({value:V,label:_[V]}))}}}];return x`<ha-form
      .hass=${this.hass}
      .data=${this.config}
      .schema=${H}
      .computeLabel=${V=>$2[V.name]??V.name}
      @value-changed=${this.changed}
    ></ha-form>`}changed(C){C.stopPropagation();let H={};for(let[V,M]of Object.entries(C.detail.value))M==null||M===""||Array.isArray(M)&&!M.length||(H[V]=M);this.config=G(H),B(this,"config-changed",{config:H})}};var _2=24;function u2(L,C){let H=C.entry_id?L.entries.filter(V=>V.entry_id===C.entry_id):L.entries;return H.length?{title:"Status",views:H.map(V=>({title:V.title,path:`server-${V.entry_id.toLowerCase()}`,icon:"mdi:list-status",strategy:{type:`custom:${Q}`,entry_id:V.entry_id}}))}:{title:"Status",views:[{title:"Status",cards:[{type:"markdown",content:"No Status Dashboard server yet: add one in **Settings → Devices & services**."}]}]}}function s2(L,C,H){let V=L.entries.find(M=>M.entry_id===C.entry_id);return V?{type:"panel",cards:[{type:"vertical-stack",cards:U2(V,H)}]}:{type:"panel",cards:[{type:"markdown",content:"This Status Dashboard server is gone."}]}}function U2(L,C){let H=[{type:`custom:${c}`,entry_id:L.entry_id}],V=L.services.flatMap(M=>{let r=M.entities.status,e=M.entities.response_time;return!r||!e?[]:P(C[r])==="up"?[]:[e]});return V.length&&H.push({type:"history-graph",title:"Response time of the services that are not up",hours_to_show:_2,entities:V}),H}var h1=class extends HTMLElement{static async generate(C,H){return u2(await d1(H),C)}},f1=class extends HTMLElement{static async generate(C,H){return s2(await d1(H),C,H.states)}},G2=[[S2,t1],[c,i1],[e1,o1],[`ll-strategy-dashboard-${Q}`,h1],[`ll-strategy-view-${Q}`,f1]];for(let[L,C]of G2)customElements.get(L)||customElements.define(L,C);var g1=window;g1.customCards??=[];g1.customCards.some(L=>L.type===c)||g1.customCards.push({type:c,name:"Status board",description:"Every service of a Status Dashboard server: status, response time, last check; problems first.",preview:!0,documentationURL:"https://github.com/status-dashboard/ha-status-dashboard#the-status-board"});
/*! Bundled license information:

@lit/reactive-element/css-tag.js:
  (**
   * @license
   * Copyright 2019 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)

@lit/reactive-element/reactive-element.js:
lit-html/lit-html.js:
lit-element/lit-element.js:
lit-html/directive.js:
lit-html/directives/repeat.js:
  (**
   * @license
   * Copyright 2017 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)

lit-html/is-server.js:
  (**
   * @license
   * Copyright 2022 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)

lit-html/directive-helpers.js:
  (**
   * @license
   * Copyright 2020 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)
*/
