var b2="status_dashboard/board",w2="status_dashboard/board/subscribe",F=new WeakMap;function z(L,C){let H=L.connection,V=F.get(H);if(!V){let r={listeners:new Set};r.unsubscribe=H.subscribeMessage(e=>{r.board=e;for(let i of[...r.listeners])i(e)},{type:w2}),r.unsubscribe.catch(()=>F.delete(H)),F.set(H,r),V=r}let M=V;return M.listeners.add(C),M.board&&C(M.board),()=>{M.listeners.delete(C),!(M.listeners.size||F.get(H)!==M)&&(F.delete(H),M.unsubscribe?.then(r=>r()).catch(()=>{}))}}function p1(L){return L.callWS({type:b2})}var K=globalThis,q=K.ShadowRoot&&(K.ShadyCSS===void 0||K.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,m1=Symbol(),y1=new WeakMap,R=class{constructor(C,H,V){if(this._$cssResult$=!0,V!==m1)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=C,this.t=H}get styleSheet(){let C=this.o,H=this.t;if(q&&C===void 0){let V=H!==void 0&&H.length===1;V&&(C=y1.get(H)),C===void 0&&((this.o=C=new CSSStyleSheet).replaceSync(this.cssText),V&&y1.set(H,C))}return C}toString(){return this.cssText}},T1=L=>new R(typeof L=="string"?L:L+"",void 0,m1),E=(L,...C)=>{let H=L.length===1?L[0]:C.reduce((V,M,r)=>V+(e=>{if(e._$cssResult$===!0)return e.cssText;if(typeof e=="number")return e;throw Error("Value passed to 'css' function must be a 'css' function result: "+e+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(M)+L[r+1],L[0]);return new R(H,L,m1)},F1=(L,C)=>{if(q)L.adoptedStyleSheets=C.map(H=>H instanceof CSSStyleSheet?H:H.styleSheet);else for(let H of C){let V=document.createElement("style"),M=K.litNonce;M!==void 0&&V.setAttribute("nonce",M),V.textContent=H.cssText,L.appendChild(V)}},v1=q?L=>L:L=>L instanceof CSSStyleSheet?(C=>{let H="";for(let V of C.cssRules)H+=V.cssText;return T1(H)})(L):L;var{is:y2,defineProperty:T2,getOwnPropertyDescriptor:F2,getOwnPropertyNames:R2,getOwnPropertySymbols:E2,getPrototypeOf:D2}=Object,j=globalThis,R1=j.trustedTypes,N2=R1?R1.emptyScript:"",W2=j.reactiveElementPolyfillSupport,D=(L,C)=>L,x1={toAttribute(L,C){switch(C){case Boolean:L=L?N2:null;break;case Object:case Array:L=L==null?L:JSON.stringify(L)}return L},fromAttribute(L,C){let H=L;switch(C){case Boolean:H=L!==null;break;case Number:H=L===null?null:Number(L);break;case Object:case Array:try{H=JSON.parse(L)}catch{H=null}}return H}},D1=(L,C)=>!y2(L,C),E1={attribute:!0,type:String,converter:x1,reflect:!1,useDefault:!1,hasChanged:D1};Symbol.metadata??=Symbol("metadata"),j.litPropertyMetadata??=new WeakMap;var Z=class extends HTMLElement{static addInitializer(C){this._$Ei(),(this.l??=[]).push(C)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(C,H=E1){if(H.state&&(H.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(C)&&((H=Object.create(H)).wrapped=!0),this.elementProperties.set(C,H),!H.noAccessor){let V=Symbol(),M=this.getPropertyDescriptor(C,V,H);M!==void 0&&T2(this.prototype,C,M)}}static getPropertyDescriptor(C,H,V){let{get:M,set:r}=F2(this.prototype,C)??{get(){return this[H]},set(e){this[H]=e}};return{get:M,set(e){let i=M?.call(this);r?.call(this,e),this.requestUpdate(C,i,V)},configurable:!0,enumerable:!0}}static getPropertyOptions(C){return this.elementProperties.get(C)??E1}static _$Ei(){if(this.hasOwnProperty(D("elementProperties")))return;let C=D2(this);C.finalize(),C.l!==void 0&&(this.l=[...C.l]),this.elementProperties=new Map(C.elementProperties)}static finalize(){if(this.hasOwnProperty(D("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(D("properties"))){let H=this.properties,V=[...R2(H),...E2(H)];for(let M of V)this.createProperty(M,H[M])}let C=this[Symbol.metadata];if(C!==null){let H=litPropertyMetadata.get(C);if(H!==void 0)for(let[V,M]of H)this.elementProperties.set(V,M)}this._$Eh=new Map;for(let[H,V]of this.elementProperties){let M=this._$Eu(H,V);M!==void 0&&this._$Eh.set(M,H)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(C){let H=[];if(Array.isArray(C)){let V=new Set(C.flat(1/0).reverse());for(let M of V)H.unshift(v1(M))}else C!==void 0&&H.push(v1(C));return H}static _$Eu(C,H){let V=H.attribute;return V===!1?void 0:typeof V=="string"?V:typeof C=="string"?C.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(C=>this.enableUpdating=C),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(C=>C(this))}addController(C){(this._$EO??=new Set).add(C),this.renderRoot!==void 0&&this.isConnected&&C.hostConnected?.()}removeController(C){this._$EO?.delete(C)}_$E_(){let C=new Map,H=this.constructor.elementProperties;for(let V of H.keys())this.hasOwnProperty(V)&&(C.set(V,this[V]),delete this[V]);C.size>0&&(this._$Ep=C)}createRenderRoot(){let C=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return F1(C,this.constructor.elementStyles),C}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(C=>C.hostConnected?.())}enableUpdating(C){}disconnectedCallback(){this._$EO?.forEach(C=>C.hostDisconnected?.())}attributeChangedCallback(C,H,V){this._$AK(C,V)}_$ET(C,H){let V=this.constructor.elementProperties.get(C),M=this.constructor._$Eu(C,V);if(M!==void 0&&V.reflect===!0){let r=(V.converter?.toAttribute!==void 0?V.converter:x1).toAttribute(H,V.type);this._$Em=C,r==null?this.removeAttribute(M):this.setAttribute(M,r),this._$Em=null}}_$AK(C,H){let V=this.constructor,M=V._$Eh.get(C);if(M!==void 0&&this._$Em!==M){let r=V.getPropertyOptions(M),e=typeof r.converter=="function"?{fromAttribute:r.converter}:r.converter?.fromAttribute!==void 0?r.converter:x1;this._$Em=M;let i=e.fromAttribute(H,r.type);this[M]=i??this._$Ej?.get(M)??i,this._$Em=null}}requestUpdate(C,H,V,M=!1,r){if(C!==void 0){let e=this.constructor;if(M===!1&&(r=this[C]),V??=e.getPropertyOptions(C),!((V.hasChanged??D1)(r,H)||V.useDefault&&V.reflect&&r===this._$Ej?.get(C)&&!this.hasAttribute(e._$Eu(C,V))))return;this.C(C,H,V)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(C,H,{useDefault:V,reflect:M,wrapped:r},e){V&&!(this._$Ej??=new Map).has(C)&&(this._$Ej.set(C,e??H??this[C]),r!==!0||e!==void 0)||(this._$AL.has(C)||(this.hasUpdated||V||(H=void 0),this._$AL.set(C,H)),M===!0&&this._$Em!==C&&(this._$Eq??=new Set).add(C))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(H){Promise.reject(H)}let C=this.scheduleUpdate();return C!=null&&await C,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[M,r]of this._$Ep)this[M]=r;this._$Ep=void 0}let V=this.constructor.elementProperties;if(V.size>0)for(let[M,r]of V){let{wrapped:e}=r,i=this[M];e!==!0||this._$AL.has(M)||i===void 0||this.C(M,void 0,r,i)}}let C=!1,H=this._$AL;try{C=this.shouldUpdate(H),C?(this.willUpdate(H),this._$EO?.forEach(V=>V.hostUpdate?.()),this.update(H)):this._$EM()}catch(V){throw C=!1,this._$EM(),V}C&&this._$AE(H)}willUpdate(C){}_$AE(C){this._$EO?.forEach(H=>H.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(C)),this.updated(C)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(C){return!0}update(C){this._$Eq&&=this._$Eq.forEach(H=>this._$ET(H,this[H])),this._$EM()}updated(C){}firstUpdated(C){}};Z.elementStyles=[],Z.shadowRootOptions={mode:"open"},Z[D("elementProperties")]=new Map,Z[D("finalized")]=new Map,W2?.({ReactiveElement:Z}),(j.reactiveElementVersions??=[]).push("2.1.2");var l1=globalThis,N1=L=>L,X=l1.trustedTypes,W1=X?X.createPolicy("lit-html",{createHTML:L=>L}):void 0,Z1="$lit$",S=`lit$${Math.random().toFixed(9).slice(2)}$`,S1="?"+S,_2=`<${S1}>`,g=document,W=()=>g.createComment(""),_=L=>L===null||typeof L!="object"&&typeof L!="function",u1=Array.isArray,Q1=L=>u1(L)||typeof L?.[Symbol.iterator]=="function",n1=`[ 	
\f\r]`,N=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,_1=/-->/g,I1=/>/g,h=RegExp(`>|${n1}(?:([^\\s"'>=/]+)(${n1}*=${n1}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),$1=/'/g,U1=/"/g,z1=/^(?:script|style|textarea|title)$/i,s1=L=>(C,...H)=>({_$litType$:L,strings:C,values:H}),n=s1(1),d5=s1(2),p5=s1(3),u=Symbol.for("lit-noChange"),p=Symbol.for("lit-nothing"),G1=new WeakMap,f=g.createTreeWalker(g,129);function K1(L,C){if(!u1(L)||!L.hasOwnProperty("raw"))throw Error("invalid template strings array");return W1!==void 0?W1.createHTML(C):C}var q1=(L,C)=>{let H=L.length-1,V=[],M,r=C===2?"<svg>":C===3?"<math>":"",e=N;for(let i=0;i<H;i++){let t=L[i],a,v,o=-1,d=0;for(;d<t.length&&(e.lastIndex=d,v=e.exec(t),v!==null);)d=e.lastIndex,e===N?v[1]==="!--"?e=_1:v[1]!==void 0?e=I1:v[2]!==void 0?(z1.test(v[2])&&(M=RegExp("</"+v[2],"g")),e=h):v[3]!==void 0&&(e=h):e===h?v[0]===">"?(e=M??N,o=-1):v[1]===void 0?o=-2:(o=e.lastIndex-v[2].length,a=v[1],e=v[3]===void 0?h:v[3]==='"'?U1:$1):e===U1||e===$1?e=h:e===_1||e===I1?e=N:(e=h,M=void 0);let A=e===h&&L[i+1].startsWith("/>")?" ":"";r+=e===N?t+_2:o>=0?(V.push(a),t.slice(0,o)+Z1+t.slice(o)+S+A):t+S+(o===-2?i:A)}return[K1(L,r+(L[H]||"<?>")+(C===2?"</svg>":C===3?"</math>":"")),V]},I=class L{constructor({strings:C,_$litType$:H},V){let M;this.parts=[];let r=0,e=0,i=C.length-1,t=this.parts,[a,v]=q1(C,H);if(this.el=L.createElement(a,V),f.currentNode=this.el.content,H===2||H===3){let o=this.el.content.firstChild;o.replaceWith(...o.childNodes)}for(;(M=f.nextNode())!==null&&t.length<i;){if(M.nodeType===1){if(M.hasAttributes())for(let o of M.getAttributeNames())if(o.endsWith(Z1)){let d=v[e++],A=M.getAttribute(o).split(S),m=/([.?@])?(.*)/.exec(d);t.push({type:1,index:r,name:m[2],strings:A,ctor:m[1]==="."?J:m[1]==="?"?C1:m[1]==="@"?H1:B}),M.removeAttribute(o)}else o.startsWith(S)&&(t.push({type:6,index:r}),M.removeAttribute(o));if(z1.test(M.tagName)){let o=M.textContent.split(S),d=o.length-1;if(d>0){M.textContent=X?X.emptyScript:"";for(let A=0;A<d;A++)M.append(o[A],W()),f.nextNode(),t.push({type:2,index:++r});M.append(o[d],W())}}}else if(M.nodeType===8)if(M.data===S1)t.push({type:2,index:r});else{let o=-1;for(;(o=M.data.indexOf(S,o+1))!==-1;)t.push({type:7,index:r}),o+=S.length-1}r++}}static createElement(C,H){let V=g.createElement("template");return V.innerHTML=C,V}};function k(L,C,H=L,V){if(C===u)return C;let M=V!==void 0?H._$Co?.[V]:H._$Cl,r=_(C)?void 0:C._$litDirective$;return M?.constructor!==r&&(M?._$AO?.(!1),r===void 0?M=void 0:(M=new r(L),M._$AT(L,H,V)),V!==void 0?(H._$Co??=[])[V]=M:H._$Cl=M),M!==void 0&&(C=k(L,M._$AS(L,C.values),M,V)),C}var Y=class{constructor(C,H){this._$AV=[],this._$AN=void 0,this._$AD=C,this._$AM=H}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(C){let{el:{content:H},parts:V}=this._$AD,M=(C?.creationScope??g).importNode(H,!0);f.currentNode=M;let r=f.nextNode(),e=0,i=0,t=V[0];for(;t!==void 0;){if(e===t.index){let a;t.type===2?a=new b(r,r.nextSibling,this,C):t.type===1?a=new t.ctor(r,t.name,t.strings,this,C):t.type===6&&(a=new V1(r,this,C)),this._$AV.push(a),t=V[++i]}e!==t?.index&&(r=f.nextNode(),e++)}return f.currentNode=g,M}p(C){let H=0;for(let V of this._$AV)V!==void 0&&(V.strings!==void 0?(V._$AI(C,V,H),H+=V.strings.length-2):V._$AI(C[H])),H++}},b=class L{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(C,H,V,M){this.type=2,this._$AH=p,this._$AN=void 0,this._$AA=C,this._$AB=H,this._$AM=V,this.options=M,this._$Cv=M?.isConnected??!0}get parentNode(){let C=this._$AA.parentNode,H=this._$AM;return H!==void 0&&C?.nodeType===11&&(C=H.parentNode),C}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(C,H=this){C=k(this,C,H),_(C)?C===p||C==null||C===""?(this._$AH!==p&&this._$AR(),this._$AH=p):C!==this._$AH&&C!==u&&this._(C):C._$litType$!==void 0?this.$(C):C.nodeType!==void 0?this.T(C):Q1(C)?this.k(C):this._(C)}O(C){return this._$AA.parentNode.insertBefore(C,this._$AB)}T(C){this._$AH!==C&&(this._$AR(),this._$AH=this.O(C))}_(C){this._$AH!==p&&_(this._$AH)?this._$AA.nextSibling.data=C:this.T(g.createTextNode(C)),this._$AH=C}$(C){let{values:H,_$litType$:V}=C,M=typeof V=="number"?this._$AC(C):(V.el===void 0&&(V.el=I.createElement(K1(V.h,V.h[0]),this.options)),V);if(this._$AH?._$AD===M)this._$AH.p(H);else{let r=new Y(M,this),e=r.u(this.options);r.p(H),this.T(e),this._$AH=r}}_$AC(C){let H=G1.get(C.strings);return H===void 0&&G1.set(C.strings,H=new I(C)),H}k(C){u1(this._$AH)||(this._$AH=[],this._$AR());let H=this._$AH,V,M=0;for(let r of C)M===H.length?H.push(V=new L(this.O(W()),this.O(W()),this,this.options)):V=H[M],V._$AI(r),M++;M<H.length&&(this._$AR(V&&V._$AB.nextSibling,M),H.length=M)}_$AR(C=this._$AA.nextSibling,H){for(this._$AP?.(!1,!0,H);C!==this._$AB;){let V=N1(C).nextSibling;N1(C).remove(),C=V}}setConnected(C){this._$AM===void 0&&(this._$Cv=C,this._$AP?.(C))}},B=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(C,H,V,M,r){this.type=1,this._$AH=p,this._$AN=void 0,this.element=C,this.name=H,this._$AM=M,this.options=r,V.length>2||V[0]!==""||V[1]!==""?(this._$AH=Array(V.length-1).fill(new String),this.strings=V):this._$AH=p}_$AI(C,H=this,V,M){let r=this.strings,e=!1;if(r===void 0)C=k(this,C,H,0),e=!_(C)||C!==this._$AH&&C!==u,e&&(this._$AH=C);else{let i=C,t,a;for(C=r[0],t=0;t<r.length-1;t++)a=k(this,i[V+t],H,t),a===u&&(a=this._$AH[t]),e||=!_(a)||a!==this._$AH[t],a===p?C=p:C!==p&&(C+=(a??"")+r[t+1]),this._$AH[t]=a}e&&!M&&this.j(C)}j(C){C===p?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,C??"")}},J=class extends B{constructor(){super(...arguments),this.type=3}j(C){this.element[this.name]=C===p?void 0:C}},C1=class extends B{constructor(){super(...arguments),this.type=4}j(C){this.element.toggleAttribute(this.name,!!C&&C!==p)}},H1=class extends B{constructor(C,H,V,M,r){super(C,H,V,M,r),this.type=5}_$AI(C,H=this){if((C=k(this,C,H,0)??p)===u)return;let V=this._$AH,M=C===p&&V!==p||C.capture!==V.capture||C.once!==V.once||C.passive!==V.passive,r=C!==p&&(V===p||M);M&&this.element.removeEventListener(this.name,this,V),r&&this.element.addEventListener(this.name,this,C),this._$AH=C}handleEvent(C){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,C):this._$AH.handleEvent(C)}},V1=class{constructor(C,H,V){this.element=C,this.type=6,this._$AN=void 0,this._$AM=H,this.options=V}get _$AU(){return this._$AM._$AU}_$AI(C){k(this,C)}},j1={M:Z1,P:S,A:S1,C:1,L:q1,R:Y,D:Q1,V:k,I:b,H:B,N:C1,U:H1,B:J,F:V1},I2=l1.litHtmlPolyfillSupport;I2?.(I,b),(l1.litHtmlVersions??=[]).push("3.3.3");var X1=(L,C,H)=>{let V=H?.renderBefore??C,M=V._$litPart$;if(M===void 0){let r=H?.renderBefore??null;V._$litPart$=M=new b(C.insertBefore(W(),r),r,void 0,H??{})}return M._$AI(L),M};var c1=globalThis,l=class extends Z{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let C=super.createRenderRoot();return this.renderOptions.renderBefore??=C.firstChild,C}update(C){let H=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(C),this._$Do=X1(H,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return u}};l._$litElement$=!0,l.finalized=!0,c1.litElementHydrateSupport?.({LitElement:l});var $2=c1.litElementPolyfillSupport;$2?.({LitElement:l});(c1.litElementVersions??=[]).push("4.2.2");var Y1={ATTRIBUTE:1,CHILD:2,PROPERTY:3,BOOLEAN_ATTRIBUTE:4,EVENT:5,ELEMENT:6},J1=L=>(...C)=>({_$litDirective$:L,values:C}),L1=class{constructor(C){}get _$AU(){return this._$AM._$AU}_$AT(C,H,V){this._$Ct=C,this._$AM=H,this._$Ci=V}_$AS(C,H){return this.update(C,H)}update(C,H){return this.render(...H)}};var{I:U2}=j1,C2=L=>L;var H2=()=>document.createComment(""),w=(L,C,H)=>{let V=L._$AA.parentNode,M=C===void 0?L._$AB:C._$AA;if(H===void 0){let r=V.insertBefore(H2(),M),e=V.insertBefore(H2(),M);H=new U2(r,e,L,L.options)}else{let r=H._$AB.nextSibling,e=H._$AM,i=e!==L;if(i){let t;H._$AQ?.(L),H._$AM=L,H._$AP!==void 0&&(t=L._$AU)!==e._$AU&&H._$AP(t)}if(r!==M||i){let t=H._$AA;for(;t!==r;){let a=C2(t).nextSibling;C2(V).insertBefore(t,M),t=a}}}return H},s=(L,C,H=L)=>(L._$AI(C,H),L),G2={},V2=(L,C=G2)=>L._$AH=C,L2=L=>L._$AH,M1=L=>{L._$AR(),L._$AA.remove()};var M2=(L,C,H)=>{let V=new Map;for(let M=C;M<=H;M++)V.set(L[M],M);return V},r2=J1(class extends L1{constructor(L){if(super(L),L.type!==Y1.CHILD)throw Error("repeat() can only be used in text expressions")}dt(L,C,H){let V;H===void 0?H=C:C!==void 0&&(V=C);let M=[],r=[],e=0;for(let i of L)M[e]=V?V(i,e):e,r[e]=H(i,e),e++;return{values:r,keys:M}}render(L,C,H){return this.dt(L,C,H).values}update(L,[C,H,V]){let M=L2(L),{values:r,keys:e}=this.dt(C,H,V);if(!Array.isArray(M))return this.ut=e,r;let i=this.ut??=[],t=[],a,v,o=0,d=M.length-1,A=0,m=r.length-1;for(;o<=d&&A<=m;)if(M[o]===null)o++;else if(M[d]===null)d--;else if(i[o]===e[A])t[A]=s(M[o],r[A]),o++,A++;else if(i[d]===e[m])t[m]=s(M[d],r[m]),d--,m--;else if(i[o]===e[m])t[m]=s(M[o],r[m]),w(L,t[m+1],M[o]),o++,m--;else if(i[d]===e[A])t[A]=s(M[d],r[A]),w(L,M[o],M[d]),d--,A++;else if(a===void 0&&(a=M2(e,A,m),v=M2(i,o,d)),a.has(i[o]))if(a.has(i[d])){let x=v.get(e[A]),O=x!==void 0?M[x]:null;if(O===null){let w1=w(L,M[o]);s(w1,r[A]),t[A]=w1}else t[A]=s(O,r[A]),w(L,M[o],O),M[x]=null;A++}else M1(M[d]),d--;else M1(M[o]),o++;for(;A<=m;){let x=w(L,t[m+1]);s(x,r[A]),t[A++]=x}for(;o<=d;){let x=M[o++];x!==null&&M1(x)}return this.ut=e,V2(L,t),u}});function P(L,C,H={}){L.dispatchEvent(new CustomEvent(C,{detail:H,bubbles:!0,composed:!0}))}var e2="M13,13H11V7H13M13,17H11V15H13M12,2A10,10 0 0,0 2,12A10,10 0 0,0 12,22A10,10 0 0,0 22,12A10,10 0 0,0 12,2Z";var t2="M12 2C6.5 2 2 6.5 2 12S6.5 22 12 22 22 17.5 22 12 17.5 2 12 2M10 17L5 12L6.41 10.59L10 14.17L17.59 6.58L19 8L10 17Z";var i2="M12,2C17.53,2 22,6.47 22,12C22,17.53 17.53,22 12,22C6.47,22 2,17.53 2,12C2,6.47 6.47,2 12,2M15.59,7L12,10.59L8.41,7L7,8.41L10.59,12L7,15.59L8.41,17L12,13.41L15.59,17L17,15.59L13.41,12L17,8.41L15.59,7Z";var A2="M15.07,11.25L14.17,12.17C13.45,12.89 13,13.5 13,15H11V14.5C11,13.39 11.45,12.39 12.17,11.67L13.41,10.41C13.78,10.05 14,9.55 14,9C14,7.89 13.1,7 12,7A2,2 0 0,0 10,9H8A4,4 0 0,1 12,5A4,4 0 0,1 16,9C16,9.88 15.64,10.67 15.07,11.25M13,19H11V17H13M12,2A10,10 0 0,0 2,12A10,10 0 0,0 12,22A10,10 0 0,0 22,12C22,6.47 17.5,2 12,2Z";var o2="M4,1C2.89,1 2,1.89 2,3V7C2,8.11 2.89,9 4,9H1V11H13V9H10C11.11,9 12,8.11 12,7V3C12,1.89 11.11,1 10,1H4M4,3H10V7H4V3M14,13C12.89,13 12,13.89 12,15V19C12,20.11 12.89,21 14,21H11V23H23V21H20C21.11,21 22,20.11 22,19V15C22,13.89 21.11,13 20,13H14M3.88,13.46L2.46,14.88L4.59,17L2.46,19.12L3.88,20.54L6,18.41L8.12,20.54L9.54,19.12L7.41,17L9.54,14.88L8.12,13.46L6,15.59L3.88,13.46M14,15H20V19H14V15Z";var a2="M15,16H13V8H15M11,16H9V8H11M12,2A10,10 0 0,0 2,12A10,10 0 0,0 12,22A10,10 0 0,0 22,12A10,10 0 0,0 12,2Z";var d2="M13,2.03V2.05L13,4.05C17.39,4.59 20.5,8.58 19.96,12.97C19.5,16.61 16.64,19.5 13,19.93V21.93C18.5,21.38 22.5,16.5 21.95,11C21.5,6.25 17.73,2.5 13,2.03M11,2.06C9.05,2.25 7.19,3 5.67,4.26L7.1,5.74C8.22,4.84 9.57,4.26 11,4.06V2.06M4.26,5.67C3,7.19 2.25,9.04 2.05,11H4.05C4.24,9.58 4.8,8.23 5.69,7.1L4.26,5.67M2.06,13C2.26,14.96 3.03,16.81 4.27,18.33L5.69,16.9C4.81,15.77 4.24,14.42 4.06,13H2.06M7.1,18.37L5.67,19.74C7.18,21 9.04,21.79 11,22V20C9.58,19.82 8.23,19.25 7.1,18.37M12.5,7V12.25L17,14.92L16.25,16.15L11,13V7H12.5Z";var p2="M13,2.03V2.05L13,4.05C17.39,4.59 20.5,8.58 19.96,12.97C19.5,16.61 16.64,19.5 13,19.93V21.93C18.5,21.38 22.5,16.5 21.95,11C21.5,6.25 17.73,2.5 13,2.03M11,2.06C9.05,2.25 7.19,3 5.67,4.26L7.1,5.74C8.22,4.84 9.57,4.26 11,4.06V2.06M4.26,5.67C3,7.19 2.25,9.04 2.05,11H4.05C4.24,9.58 4.8,8.23 5.69,7.1L4.26,5.67M2.06,13C2.26,14.96 3.03,16.81 4.27,18.33L5.69,16.9C4.81,15.77 4.24,14.42 4.06,13H2.06M7.1,18.37L5.67,19.74C7.18,21 9.04,21.79 11,22V20C9.58,19.82 8.23,19.25 7.1,18.37M16.82,15.19L12.71,11.08C13.12,10.04 12.89,8.82 12.03,7.97C11.13,7.06 9.78,6.88 8.69,7.38L10.63,9.32L9.28,10.68L7.29,8.73C6.75,9.82 7,11.17 7.88,12.08C8.74,12.94 9.96,13.16 11,12.76L15.11,16.86C15.29,17.05 15.56,17.05 15.74,16.86L16.78,15.83C17,15.65 17,15.33 16.82,15.19Z";var m2="M17.65,6.35C16.2,4.9 14.21,4 12,4A8,8 0 0,0 4,12A8,8 0 0,0 12,20C15.73,20 18.84,17.45 19.73,14H17.65C16.83,16.33 14.61,18 12,18A6,6 0 0,1 6,12A6,6 0 0,1 12,6C13.66,6 15.14,6.69 16.22,7.78L13,11H20V4L17.65,6.35Z";var v2={up:t2,degraded:e2,down:i2,maintenance:p2,paused:a2,pending:d2,unavailable:o2,unknown:A2},$=m2;function y(L,C="icon"){return n`<svg class=${C} viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d=${L}></path></svg>`}var S2=new Set(["up","degraded","down","maintenance","paused","pending"]),x2=["down","degraded","unavailable","unknown","maintenance","pending","paused","up"],r1=["up","degraded","down","maintenance","paused","pending","unavailable"],T={up:"Up",degraded:"Degraded",down:"Down",maintenance:"Maintenance",paused:"Paused",pending:"Pending",unavailable:"Unavailable",unknown:"Unknown"},e1="Not connected to the status server";function u2(L){let{status:C,status_sensor:H,response_time:V,uptime_24h:M}=L.entities;return[C,H,V,M].filter(r=>!!r)}function O1(L,C){let{status:H,status_sensor:V,response_time:M,uptime_24h:r}=L.entities;return{binary:H?C[H]:void 0,status:V?C[V]:void 0,responseTime:M?C[M]:void 0,uptime:r?C[r]:void 0}}function t1(L){let C=L.status;if(C)return C.state==="unavailable"?"unavailable":S2.has(C.state)?C.state:"unknown";let H=L.binary;return!H||H.state==="unavailable"?"unavailable":H.state==="on"?"up":H.state==="off"?"down":"unknown"}var s2=new Intl.Collator(void 0,{numeric:!0,sensitivity:"base"});function Q2(L,C){return x2.indexOf(L.status)-x2.indexOf(C.status)||s2.compare(L.service.name,C.service.name)||(L.key<C.key?-1:L.key>C.key?1:0)}function c2(L,C,H){let V=C.groups?.length?new Set(C.groups):void 0,M=C.statuses?.length?new Set(C.statuses):void 0,r=[];for(let e of U(L,C))for(let i of e.services){if(!i.entities.status||V&&!V.has(i.group??""))continue;let t=t1(O1(i,H));M&&!M.has(t==="unknown"?"unavailable":t)||r.push({key:`${e.entry_id}/${i.id}`,entry:e,service:i,status:t})}return r.sort(Q2)}function U(L,C){return C.entry_id?L.entries.filter(H=>H.entry_id===C.entry_id):L.entries}function O2(L,C){let H=new Set;for(let V of U(L,{type:"",entry_id:C}))for(let M of V.services)M.group&&H.add(M.group);return[...H].sort(s2.compare)}function h2(L,C){if(L.reauth)return"Signed out: re-authenticate";if(L.state==="setup_retry")return"Reconnecting…";if(L.state!=="loaded")return"Not connected";if(!C||C.state==="on")return"";let H=Number(C.attributes.reconnect_attempt??0);return H>0?`Reconnecting… (attempt ${H})`:"Reconnecting…"}function h1(L,C){return L.state!=="loaded"?!1:!C||C.state==="on"}function f2(L){let C=Math.floor(L/1e3);if(C<1)return"just now";if(C<60)return`${C} s ago`;let H=Math.floor(C/60);if(H<60)return`${H} min ago`;let V=Math.floor(H/60);return V<24?`${V} h ago`:`${Math.floor(V/24)} d ago`}function z2(L){let C=L?Number.parseFloat(L.state):Number.NaN;if(!Number.isFinite(C))return"";let H=C.toFixed(C>=99&&C<100?2:1);return`${H.includes(".")?H.replace(/\.?0+$/,""):H} % up (24 h)`}function K2(L){return typeof L!="number"||!Number.isFinite(L)?"—":L<1e3?`${Math.round(L)} ms`:`${(L/1e3).toFixed(2)} s`}var q2={μs:.001,ms:1,s:1e3,min:6e4,h:36e5,d:864e5};function j2(L){if(!L)return null;let C=Number.parseFloat(L.state),H=L.attributes.unit_of_measurement,V=q2[typeof H=="string"?H:"ms"];return Number.isFinite(C)&&V!==void 0?C*V:null}var f1=L=>L===null?"last check unknown":`checked ${L}`,X2=()=>"",Y2=" ";function J2(L){let C=L?.status;if(!C)return V=>V===null?"no recent check":`Last checked ${V}`;let H=S2.has(C)?T[C].toLowerCase():C;return V=>V===null?`Last seen ${H}`:`Last seen ${H} · ${V.replaceAll(" ",Y2)}`}function g2(L,C){let H=t1(C),V=H==="unavailable",M=V?"—":K2(j2(C.responseTime)),r=V?"":z2(C.uptime),e,i,t="";V?(e=n2(L.last_known?.last_check),i=J2(L.last_known),t=L.last_known?.status?i(null).toLowerCase():""):L.entities.response_time?(e=n2(C.responseTime?.attributes.last_check),i=f1):(e=null,i=X2);let a=L.group??"",v=[`${L.name}: ${T[H]}`,t,M==="—"?"":`response time ${M}`,r,a?`group ${a}`:""].filter(Boolean).join(", ");return{status:H,responseTime:M,uptime:r,checkedAt:e,ago:i,label:v}}function n2(L){if(typeof L!="string")return null;let C=Date.parse(L);return Number.isNaN(C)?null:C}var C5=new Set(["type","entry_id","title","columns","groups","statuses","grid_options","view_layout","visibility"]),l2=12;function G(L){if(typeof L!="object"||L===null||Array.isArray(L))throw new Error("The card's configuration must be a mapping");let C=L;for(let V of Object.keys(C))if(!C5.has(V))throw new Error(`Unknown option '${V}'`);let H={type:String(C.type??"")};if(C.entry_id!==void 0){if(typeof C.entry_id!="string"||!C.entry_id)throw new Error("'entry_id' must be a config entry id (text)");H.entry_id=C.entry_id}if(C.title!==void 0){if(typeof C.title!="string")throw new Error("'title' must be text");H.title=C.title}if(C.columns!==void 0&&C.columns!=="auto"){let V=C.columns;if(typeof V!="number"||!Number.isInteger(V)||V<1||V>l2)throw new Error(`'columns' must be a whole number from 1 to ${l2}, or 'auto'`);H.columns=V}if(C.groups!==void 0&&(H.groups=Z2(C.groups,"groups")),C.statuses!==void 0){let V=Z2(C.statuses,"statuses");for(let M of V)if(!r1.includes(M))throw new Error(`'statuses' may hold ${r1.join(", ")}; not '${M}'`);H.statuses=V}return H}function Z2(L,C){if(!Array.isArray(L)||!L.every(H=>typeof H=="string"))throw new Error(`'${C}' must be a list of text values`);return L}var c="status-dashboard-card",i1="status-dashboard-card-editor",k2="status-dashboard-tile",Q="status-dashboard";var H5=1e3,g1=class{constructor(C=Date.now){this.now=C;this.shown=new Map}show(C,H,V=f1){let M=this.shown.get(C)??{at:H,format:V,text:""};M.at=H,M.format=V,this.shown.set(C,M),this.write(C,M,this.now()),this.timer===void 0&&(this.timer=setInterval(()=>this.tick(),H5))}forget(C){this.shown.delete(C),!this.shown.size&&this.timer!==void 0&&(clearInterval(this.timer),this.timer=void 0)}tick(){let C=this.now();for(let[H,V]of this.shown)this.write(H,V,C)}write(C,H,V){let M=H.format(H.at===null?null:f2(V-H.at));M!==H.text&&(H.text=M,C.textContent=M)}},k1=new g1;var o1="status-dashboard-refresh",A1=class extends l{constructor(){super();this.agoElement=null;this.connected=!0}static{this.properties={service:{attribute:!1},stateObj:{attribute:!1},statusObj:{attribute:!1},responseTimeObj:{attribute:!1},uptimeObj:{attribute:!1},connected:{attribute:!1}}}connectedCallback(){super.connectedCallback(),this.agoElement&&this.showCheckTime()}disconnectedCallback(){super.disconnectedCallback(),this.agoElement&&k1.forget(this.agoElement)}willUpdate(){this.view=g2(this.service,{binary:this.stateObj,status:this.statusObj,responseTime:this.responseTimeObj,uptime:this.uptimeObj})}render(){let H=this.service,V=this.view;if(!V)return p;let M=V.status,r=!!H.entities.refresh,e=r&&!this.connected;return n`<div class="tile ${M}" data-status=${M}>
      <button
        class="main"
        type="button"
        aria-label=${V.label}
        title=${V.label}
        @click=${this.openMoreInfo}
      >
        <span class="top">
          ${y(v2[M],"status-icon")}
          <span class="name">${H.name}</span>
        </span>
        <span class="line">
          <span class="status-text">${T[M]}</span>
          <span class="response-time">${V.responseTime}</span>
        </span>
        <span class="ago" data-clock></span>
        ${V.uptime?n`<span class="uptime">${V.uptime}</span>`:p}
        <span class="group">${H.group??""}</span>
      </button>
      <button
        class="refresh"
        type="button"
        aria-label="Refresh ${H.name}"
        title=${e?e1:`Refresh ${H.name}`}
        ?disabled=${!r}
        aria-disabled=${e?"true":p}
        @click=${this.refresh}
      >
        ${y($)}
      </button>
    </div>`}firstUpdated(){this.agoElement=this.renderRoot.querySelector(".ago")}updated(){this.showCheckTime();let H=this.view?.status;this.shownStatus!==void 0&&H!==this.shownStatus&&this.flash(),this.shownStatus=H}showCheckTime(){!this.agoElement||!this.view||k1.show(this.agoElement,this.view.checkedAt,this.view.ago)}flash(){let H=this.renderRoot.querySelector(".tile");H&&(H.classList.remove("flash"),H.offsetWidth,H.classList.add("flash"),H.addEventListener("animationend",()=>H.classList.remove("flash"),{once:!0}))}openMoreInfo(){let H=this.service.entities.status;H&&P(this,"hass-more-info",{entityId:H})}refresh(H){H.stopPropagation();let V=this.service.entities.refresh;V&&this.connected&&P(this,o1,{entityId:V})}static{this.styles=E`
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
    .tile.maintenance,
    .tile.paused,
    .tile.pending {
      --tile-color: var(--info-color, #039be5);
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
      /* A long name wraps to two lines, then ends in an ellipsis; the tile's
         tooltip and accessible name have all of it. */
      display: -webkit-box;
      -webkit-box-orient: vertical;
      -webkit-line-clamp: 2;
      line-clamp: 2;
      overflow: hidden;
      overflow-wrap: anywhere;
      line-height: 1.25;
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
    .ago {
      /* "Last seen degraded · 12 min ago" may need two lines. */
      white-space: normal;
    }
    .ago:empty::before {
      content: "\\00a0";
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
    .refresh[aria-disabled="true"] {
      color: var(--disabled-text-color, #9e9e9e);
      opacity: 0.6;
      cursor: default;
    }
    .icon {
      width: 24px;
      height: 24px;
      fill: currentColor;
    }
  `}};var V5="170px",a1=class extends l{constructor(){super(...arguments);this.seen=new Map;this.onRefresh=H=>{let V=H.detail.entityId;this.press([V])}}static{this.properties={board:{state:!0},config:{state:!0}}}static getConfigElement(){return document.createElement(i1)}static getStubConfig(){return{type:`custom:${c}`}}setConfig(H){this.config=G(H)}get hass(){return this.hassValue}set hass(H){let V=this.hassValue===void 0;this.hassValue=H,V?(this.subscribe(),this.requestUpdate()):this.ownStatesChanged(H)&&this.requestUpdate()}getCardSize(){let H=this.board?this.tiles().length:1;return 1+Math.ceil(H/(this.config?.columns??3))*2}getGridOptions(){return{columns:"full",min_columns:6}}connectedCallback(){super.connectedCallback(),this.addEventListener(o1,this.onRefresh),this.subscribe()}disconnectedCallback(){super.disconnectedCallback(),this.removeEventListener(o1,this.onRefresh),this.unsubscribe?.(),this.unsubscribe=void 0}subscribe(){this.unsubscribe||!this.hassValue||!this.isConnected||(this.unsubscribe=z(this.hassValue,H=>{this.board=H}))}ownStatesChanged(H){for(let[V,M]of this.seen)if(H.states[V]!==M)return!0;return!1}tiles(){let H=this.board??{entries:[]};return c2(H,this.config,this.hassValue?.states??{})}render(){let H=this.hassValue;if(!H||!this.config)return p;let V=H.states,M=new Map,r=this.board?U(this.board,this.config):[],e=[],i=new Map;for(let A of r){let m=A.entities.connection,x=m?V[m]:void 0;m&&M.set(m,x),i.set(A.entry_id,h1(A,x));let O=h2(A,x);O&&e.push(r.length>1?`${A.title}: ${O}`:O)}let t=this.tiles();for(let A of r)for(let m of A.services)for(let x of u2(m))M.set(x,V[x]);this.seen=M;let a=this.config.columns?`repeat(${this.config.columns}, minmax(0, 1fr))`:`repeat(auto-fill, minmax(${V5}, 1fr))`,v=r.some(A=>A.entities.refresh_all),o=v&&!this.reachableRefreshAll().length,d=A=>A?V[A]:void 0;return n`<ha-card>
      <div class="header">
        ${this.config.title?n`<h2 class="title">${this.config.title}</h2>`:p}
        <div class="problem" role="status" aria-live="polite">
          ${e.map(A=>this.renderProblem(A))}
        </div>
        <button
          class="refresh-all"
          type="button"
          aria-label="Refresh all services"
          title=${o?e1:"Refresh all services"}
          ?disabled=${!v}
          aria-disabled=${o?"true":p}
          @click=${this.refreshAll}
        >
          ${y($)}<span>Refresh all</span>
        </button>
      </div>
      ${this.board&&!r.length?n`<p class="empty">No Status Dashboard server${this.config.entry_id?" with this entry id":""}.</p>`:p}
      <div class="grid" style="grid-template-columns: ${a}">
        ${r2(t,A=>A.key,A=>n`<status-dashboard-tile
              .service=${A.service}
              .stateObj=${d(A.service.entities.status)}
              .statusObj=${d(A.service.entities.status_sensor)}
              .responseTimeObj=${d(A.service.entities.response_time)}
              .uptimeObj=${d(A.service.entities.uptime_24h)}
              .connected=${i.get(A.entry.entry_id)??!1}
            ></status-dashboard-tile>`)}
      </div>
    </ha-card>`}renderProblem(H){let V=H.endsWith("re-authenticate");return n`<span class="message">
      ${y($,"problem-icon")}
      ${V?n`${H.slice(0,-15)}<a
              href="/config/integrations/integration/status_dashboard"
              >re-authenticate</a
            >`:H}
    </span>`}reachableRefreshAll(){let H=this.board?U(this.board,this.config):[],V=this.hassValue?.states??{};return H.flatMap(M=>{let r=M.entities.refresh_all,e=M.entities.connection,i=h1(M,e?V[e]:void 0);return r&&i?[r]:[]})}refreshAll(){this.press(this.reachableRefreshAll())}press(H){let V=this.hassValue;!V||!H.length||V.callService("button","press",{entity_id:H}).catch(M=>{let r=M?.message??String(M);P(this,"hass-notification",{message:`Refresh failed: ${r}`})})}static{this.styles=E`
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
    .refresh-all[disabled],
    .refresh-all[aria-disabled="true"] {
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
  `}};var L5={entry_id:"Server (every server when empty)",title:"Title",columns:"Columns (automatic when empty)",groups:"Only these groups",statuses:"Only these statuses"},d1=class extends l{static{this.properties={hass:{attribute:!1},config:{state:!0},board:{state:!0}}}setConfig(C){this.config=G(C)}disconnectedCallback(){super.disconnectedCallback(),this.unsubscribe?.(),this.unsubscribe=void 0}willUpdate(){this.hass&&!this.unsubscribe&&this.isConnected&&(this.unsubscribe=z(this.hass,C=>{this.board=C}))}render(){if(!this.hass||!this.config)return p;let C=this.board?O2(this.board,this.config.entry_id):[],H=[{name:"entry_id",selector:{config_entry:{integration:"status_dashboard"}}},{name:"title",selector:{text:{}}},{name:"columns",selector:{number:{min:1,max:12,step:1,mode:"box"}}},{name:"groups",selector:{select:{multiple:!0,options:C,custom_value:!0}}},{name:"statuses",selector:{select:{multiple:!0,options:r1.map(V=>({value:V,label:T[V]}))}}}];return n`<ha-form
      .hass=${this.hass}
      .data=${this.config}
      .schema=${H}
      .computeLabel=${V=>L5[V.name]??V.name}
      @value-changed=${this.changed}
    ></ha-form>`}changed(C){C.stopPropagation();let H={};for(let[V,M]of Object.entries(C.detail.value))M==null||M===""||Array.isArray(M)&&!M.length||(H[V]=M);this.config=G(H),P(this,"config-changed",{config:H})}};var M5=24;function B2(L,C){let H=C.entry_id?L.entries.filter(V=>V.entry_id===C.entry_id):L.entries;return H.length?{title:"Status",views:H.map(V=>({title:V.title,path:`server-${V.entry_id.toLowerCase()}`,icon:"mdi:list-status",strategy:{type:`custom:${Q}`,entry_id:V.entry_id}}))}:{title:"Status",views:[{title:"Status",cards:[{type:"markdown",content:"No Status Dashboard server yet: add one in **Settings → Devices & services**."}]}]}}function P2(L,C,H){let V=L.entries.find(M=>M.entry_id===C.entry_id);return V?{type:"panel",cards:[{type:"vertical-stack",cards:r5(V,H)}]}:{type:"panel",cards:[{type:"markdown",content:"This Status Dashboard server is gone."}]}}function r5(L,C){let H=[{type:`custom:${c}`,entry_id:L.entry_id}],V=L.services.flatMap(M=>{let r=M.entities.response_time;return!M.entities.status||!r?[]:t1(O1(M,C))==="up"?[]:[r]});return V.length&&H.push({type:"history-graph",title:"Response time of the services that are not up",hours_to_show:M5,entities:V}),H}var B1=class extends HTMLElement{static async generate(C,H){return B2(await p1(H),C)}},P1=class extends HTMLElement{static async generate(C,H){return P2(await p1(H),C,H.states)}},e5=[[k2,A1],[c,a1],[i1,d1],[`ll-strategy-dashboard-${Q}`,B1],[`ll-strategy-view-${Q}`,P1]];for(let[L,C]of e5)customElements.get(L)||customElements.define(L,C);var b1=window;b1.customCards??=[];b1.customCards.some(L=>L.type===c)||b1.customCards.push({type:c,name:"Status board",description:"Every service of a Status Dashboard server: status, response time, last check; problems first.",preview:!0,documentationURL:"https://github.com/status-dashboard/ha-status-dashboard#the-status-board"});
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
